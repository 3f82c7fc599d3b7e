package dev.runbook.action;

/** Builds the implementation of one provider's actions; lives beside the SDK code, loaded on first use. */
public interface ActionFactory {
    Action create(ActionSpec spec);

    /**
     * Gets ready for the first call of {@code actions} while the command line is still busy (resolving parameters,
     * opening the journal): loads classes and builds credentials, clients and pipelines, and may start the sign-in
     * those calls will need (a token fetch, which changes nothing). Calls no other remote API. Runs on a thread of its
     * own, once per run; the provider's first action waits for it (so the two never build the same thing at once).
     * Failures are ignored: the first real call reports them.
     */
    default void warmUp(java.util.Set<String> actions, java.util.Map<String, String> settings, java.util.Map<String, String> env) {
    }
}
