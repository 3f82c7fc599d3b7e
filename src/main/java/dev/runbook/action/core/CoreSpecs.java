package dev.runbook.action.core;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Findings;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Metadata of the core actions that ship with runbook: {@code http.check}, {@code shell}, {@code manual},
 * {@code wait}, {@code assert} and {@code message}. One {@link CoreProvider} per action-name prefix publishes them;
 * the implementations live in {@code dev.runbook.action.core.impl}.
 */
public final class CoreSpecs {
    private CoreSpecs() {}

    /** The factory every core provider names. */
    public static final String FACTORY = "dev.runbook.action.core.impl.CoreActionFactory";

    public static final ActionSpec HTTP_CHECK = ActionSpec.builder("http.check", Effect.READ)
            .description("Sends one HTTP request and checks the status, JSON body fields (JSON Pointer) and latency."
                    + " Read-only: only GET, HEAD and OPTIONS are allowed.")
            .required("url", ParamType.URL, "absolute http(s) URL")
            .param(ParamSpec.optional("method", ParamType.STRING, "GET", "request method").allowing("GET", "HEAD", "OPTIONS"))
            .optional("headers", ParamType.MAP, Map.of(), "request headers (name: value)")
            .optional("expect", ParamType.MAP, Map.of("status", 200L),
                    "what must hold: status (a code or a list of codes, default 200), body (JSON Pointer: expected value),"
                            + " latency (a duration the response must arrive within)")
            .optional("select", ParamType.MAP, Map.of(), "body fields to output: name: JSON Pointer (becomes outputs.fields.<name>)")
            .optional("timeout", ParamType.DURATION, null, "request timeout; defaults to the step's timeout")
            .output("status", ParamType.INT, "HTTP status code")
            .output("latencyMs", ParamType.INT, "time to the full response, in milliseconds")
            .output("ok", ParamType.BOOL, "true when every expectation held")
            .output("body", ParamType.STRING, "the response body (first 4 KiB), kept on failure too")
            .outputEntriesOrNull("fields", ParamType.MAP, "the fields named in select:, each null when the body has no such field")
            .output("headers", ParamType.MAP, "response headers (lower-case name: value), kept on failure too; set-cookie and other credential headers without their value")
            .timeout(Duration.ofSeconds(30))
            .findings(Findings.httpResponse())
            .subject("{method} {url}", "{url}")
            .build();

    public static final ActionSpec SHELL = ActionSpec.builder("shell", Effect.WRITE)
            .description("Runs a program with an argv list (never a shell string). Values reach it only through env:,"
                    + " so no parameter can inject a command. The author declares the effect (default write).")
            .required("command", ParamType.LIST, "argv: program and arguments, e.g. [kubectl, rollout, status, deploy/api]")
            .optional("env", ParamType.MAP, Map.of(), "extra environment variables (name: value), the way to pass parameters")
            .optional("workDir", ParamType.STRING, null, "working directory; defaults to the run's working directory")
            .optional("successCodes", ParamType.LIST, List.of(0L), "exit codes that count as success")
            .optional("tailLines", ParamType.INT, 20L, "how many trailing lines of stdout/stderr to keep as outputs")
            .output("exitCode", ParamType.INT, "the process exit code")
            .output("stdout", ParamType.STRING, "the last tailLines lines of standard output")
            .output("stderr", ParamType.STRING, "the last tailLines lines of standard error")
            .timeout(Duration.ofMinutes(5))
            .authorDeclaresEffect()
            .findings(new Findings(java.util.List.of("exitCode"), null, null, null, java.util.List.of("stdout", "stderr"), false))
            // runbook runs the program on this machine: what it reaches further (kubectl's cluster, ssh's host) is its own
            .subject("local shell: {command}", "local shell")
            .build();

    /*
     * manual defaults to read: runbook itself changes nothing, and the operator's confirmation of each
     * checklist item is already a gate. An author raises it to write or destructive when the instructions
     * change something, so the step gets the usual gate and is only shown (not asked) in a dry run.
     */
    public static final ActionSpec MANUAL = ActionSpec.builder("manual", Effect.READ)
            .description("Shows instructions to the operator, who confirms each checklist item and may answer a question."
                    + " The author declares the effect (default read).")
            .required("instructions", ParamType.STRING, "what the operator does")
            .optional("checklist", ParamType.LIST, List.of(), "items the operator confirms one by one")
            .optional("question", ParamType.STRING, null, "a question whose answer becomes outputs.answer")
            .optional("choices", ParamType.LIST, List.of(), "allowed answers to question (free text when empty)")
            .output("confirmed", ParamType.LIST, "the checklist items confirmed")
            .output("answer", ParamType.STRING, "the answer to question, or empty")
            .output("operator", ParamType.STRING, "the OS user who confirmed")
            .timeout(Duration.ofHours(1))
            .authorDeclaresEffect()
            .findings(Findings.fields("answer"))
            .subject("by hand (the operator)")
            .build();

    public static final ActionSpec WAIT = ActionSpec.builder("wait", Effect.READ)
            .description("Waits for a duration (cancellable); a dry run does not wait.")
            .required("duration", ParamType.DURATION, "how long to wait, e.g. 30s")
            .optional("reason", ParamType.STRING, null, "shown while waiting")
            .output("waitedMs", ParamType.INT, "how long it actually waited, in milliseconds")
            .timeout(Duration.ofHours(1))
            .build();

    public static final ActionSpec ASSERT = ActionSpec.builder("assert", Effect.READ)
            .description("Fails the step unless a condition holds, e.g. that: \"${steps.app.outputs.workers >= 2}\".")
            .required("that", ParamType.BOOL, "the condition, usually one ${...} expression")
            .optional("message", ParamType.STRING, null, "shown when the condition does not hold")
            .output("holds", ParamType.BOOL, "true (the step fails otherwise)")
            .timeout(Duration.ofSeconds(10))
            .argumentsOnly()
            .build();

    public static final ActionSpec MESSAGE = ActionSpec.builder("message", Effect.READ)
            .description("Renders a text (status-page update, stakeholder notice) to the terminal or a file."
                    + " A dry run shows it but writes no file.")
            .required("text", ParamType.STRING, "the message; ${...} expressions are rendered")
            .optional("title", ParamType.STRING, null, "a heading shown above the text")
            .optional("to", ParamType.STRING, "terminal", "'terminal' or a file path (relative to the working directory)")
            .optional("append", ParamType.BOOL, false, "append to the file instead of replacing it")
            .output("text", ParamType.STRING, "the rendered text")
            .output("path", ParamType.STRING, "the file written, or empty")
            .timeout(Duration.ofSeconds(30))
            .subject("message to {to}", "message to the terminal")
            .argumentsOnly()
            .build();

    public static List<ActionSpec> all() {
        return List.of(HTTP_CHECK, SHELL, MANUAL, WAIT, ASSERT, MESSAGE);
    }
}
