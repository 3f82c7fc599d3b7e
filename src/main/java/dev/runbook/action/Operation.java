package dev.runbook.action;

/**
 * Work a provider accepted and goes on doing by itself (an Azure long-running operation, an Aurora restore, a secret
 * rotation): once accepted, stopping runbook does not stop it. An action reports it through
 * {@link ActionContext#operationAccepted} the moment the provider accepts it, and the engine journals it (fsynced),
 * so that after a cancel or a crash the step is in doubt, not cancelled, and resume can check on it or wait for it
 * ({@link Action#check}, {@link Action#attach}) instead of starting a second one.
 *
 * @param kind         what sort of operation, e.g. {@code aws.rds.restore}, {@code aws.secretsmanager.rotation}, {@code azure.lro}
 * @param id           the provider's handle for it (a cluster id, a secret and its new version, a resource id)
 * @param description  one line for the operator, e.g. "restore of orders-db into new cluster orders-db-pitr"
 */
public record Operation(String kind, String id, String description) {
    /** Where an accepted operation stands, as the provider says now. */
    public enum Status {
        /** Still going on: starting another one now would run it twice. */
        RUNNING,
        /** Finished as asked: the step's change is made. */
        SUCCEEDED,
        /** Ended without making the change (failed, rolled back, not found): running the step again is safe. */
        FAILED,
        /** The action cannot tell: the operator must look (the description says where). */
        UNKNOWN
    }

    /** What {@link Action#check} found. */
    public record State(Status status, String detail) {
        public static State unknown(String detail) {
            return new State(Status.UNKNOWN, detail);
        }
    }
}
