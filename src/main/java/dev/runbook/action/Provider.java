package dev.runbook.action;

import java.util.List;

/**
 * A provider as found by {@link java.util.ServiceLoader}: metadata only. Implementations must not
 * import SDK classes; {@link #factoryClass()} names the class (in the provider's own package, e.g.
 * {@code dev.runbook.action.aws.sdk.AwsActionFactory}) that is loaded, through the provider's own
 * class loader, only when an action of this provider is about to run.
 */
public interface Provider {
    /** "aws", "azure", "http", ... : the first segment of every action name it provides. */
    String id();

    List<ActionSpec> specs();

    /**
     * What is surely missing before a run reaches this provider (no subscription, no region, no sign-in), each with
     * its fix; empty when nothing is known to be missing. Reads settings, environment and local files only.
     */
    default List<Preflight.Need> preflight(Preflight in) {
        return List.of();
    }

    /** Fully qualified name of the {@link ActionFactory} implementation. */
    String factoryClass();
}
