package dev.runbook.action;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the engine hands an action for one call of plan/execute. */
public interface ActionContext {
    String runId();

    String stepId();

    /** The step's effective timeout; {@link #deadline()} is when it runs out. */
    Duration timeout();

    Instant deadline();

    boolean dryRun();

    Cancellation cancellation();

    /** A progress line shown on the running step ("polling: InProgress 3/20"). */
    void progress(String message);

    /**
     * Provider settings from the command line and environment, e.g. {@code aws.region}, {@code aws.profile},
     * {@code aws.endpoint}, {@code azure.subscription}, {@code azure.cloud}, {@code azure.endpoint}.
     */
    Optional<String> setting(String key);

    /** The process environment as seen by this run (tests substitute their own). */
    Map<String, String> environment();

    Path workDir();

    Operator operator();

    /**
     * Sleeps for polling, honouring cancellation and the deadline; rehearsals compress it with --speed.
     * Throws CANCELLED or TIMEOUT instead of sleeping past them.
     */
    void sleep(Duration d) throws ActionException;

    /**
     * A process this call started, as the leader of a session of its own ({@code pid} = process group = session id):
     * the engine journals it, fsynced, before returning, so that after a crash resume can tell whether any of it still
     * runs. Throws (and the caller must then kill the process) when the journal cannot be written.
     */
    default void processStarted(long pid, String command) {}

    /**
     * The provider accepted work that goes on without runbook ({@link Operation}): journaled, fsynced, before
     * returning. From here on a cancel or a crash leaves the step in doubt, and the action should throw
     * {@link ActionException#unfinished} when it stops waiting.
     */
    default void operationAccepted(Operation operation) {}

    /** Replaces every secret value in the text with ***, for messages built from arguments. */
    String redact(String text);

    /**
     * Shortens text to at most {@code max} characters for an output or a message, redacting first so a secret is never
     * half-cut (and masking a secret's beginning left at the cut). Every cut of text that may hold a secret goes here.
     */
    default String cut(String text, int max) {
        if (text == null) return null;
        String r = redact(text);
        return r.length() <= max ? r : r.substring(0, max);
    }
}
