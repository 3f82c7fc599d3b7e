package dev.runbook.action;

import java.util.List;
import java.util.Map;

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

    /**
     * The read action that says who and where this provider's calls act (the signed-in principal, the subscription or
     * account, the region), or null when it has none. The engine asks it once at the start of a run that uses this
     * provider (with no arguments; settings and environment choose, as for every step), shows the answer in the
     * header and at every gate, and journals it ({@code run.identity}).
     */
    default String identityAction() {
        return null;
    }

    /**
     * Arguments the identity action takes from the steps that use this provider, when where it acts is a step's
     * argument rather than a setting (a database's {@code connection}): the engine renders them for each such step when
     * the run starts and asks once per distinct set. Empty (the default): asked once, with no arguments.
     */
    default List<String> identityArguments() {
        return List.of();
    }

    /**
     * The identity in one line, from the outputs of {@link #identityAction()}: "subscription 'Prod' (id), tenant T,
     * as alice@contoso.com". Metadata only: no SDK class.
     */
    default String identityText(Map<String, Object> outputs) {
        return String.valueOf(outputs);
    }

    /** The output {@code key} as text, or null when it is absent or blank. */
    static String text(Map<String, Object> outputs, String key) {
        Object v = outputs == null ? null : outputs.get(key);
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).strip();
    }

    /** Fully qualified name of the {@link ActionFactory} implementation. */
    String factoryClass();
}
