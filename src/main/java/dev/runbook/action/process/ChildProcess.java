package dev.runbook.action.process;

import dev.runbook.action.ActionContext;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A program a step runs, started so that it can never outlive runbook (ARCHITECTURE: "a step's processes never
 * outlive the runbook process").
 *
 * <p>It runs as the leader of a session of its own ({@code setsid}), so a terminal's Ctrl-C, and the hangup of a
 * closed terminal, reach only runbook, which then cancels the step itself. Beside it runs a watcher, a few lines of
 * {@code sh} in the same session, that holds the read end of a pipe whose only write end is in this JVM. When the JVM
 * closes it (the step ended, was cancelled or timed out) or the kernel does (runbook was killed, even with SIGKILL),
 * the watcher kills every process group of the session, the step's leftovers included, and then its own.
 * Nothing needs root, systemd or native code.
 *
 * <p>The program does not start until {@link ActionContext#processStarted} has returned: its pid (= process group =
 * session id) is in the journal, fsynced, before it can change anything, so a resume after a crash can tell whether
 * any of it still lives. Its standard input is /dev/null and it has no controlling terminal.
 */
public final class ChildProcess implements AutoCloseable {
    /**
     * $0 = runbook-step, "$@" = the program and its arguments. 125 = runbook went away before the start was journaled.
     * The watcher is started by a subshell that exits at once, so it is not a child of the program (a program that
     * waits for all its children would wait for it); it is still in the program's session and group.
     */
    static final String SUPERVISOR = String.join("\n",
            "IFS= read -r go || exit 125",
            "[ \"$go\" = go ] || exit 125",
            "exec 3<&0",
            "( ( trap '' INT TERM HUP",
            "    while IFS= read -r _ <&3; do :; done",
            "    if command -v ps >/dev/null 2>&1; then",
            "      ps -e -o pgid= -o sid= | while read -r g s; do",
            "        if [ \"$s\" = \"$$\" ] && [ \"$g\" != \"$$\" ]; then kill -KILL \"-$g\"; fi",
            "      done",
            "    fi",
            "    kill -KILL \"-$$\"",
            "  ) </dev/null >/dev/null 2>&1 & )",
            "exec \"$@\" </dev/null 3<&-",
            "");
    private static final Optional<Path> SETSID = locate("setsid");
    private static final Path SH = Path.of("/bin/sh");

    private final Process process;
    private final OutputStream lifeline;

    private ChildProcess(Process process, OutputStream lifeline) {
        this.process = process;
        this.lifeline = lifeline;
    }

    /** Whether steps get a session and a watcher here (Linux and most Unixes: util-linux setsid and /bin/sh). */
    public static boolean supervised() {
        return SETSID.isPresent() && Files.isExecutable(SH);
    }

    /**
     * Starts {@code pb}'s command (its directory, environment and output redirects are kept; its input becomes
     * /dev/null) and reports it to {@code ctx} before it runs. If reporting fails (the journal cannot be written,
     * runbook is stopping), the program never runs and the exception propagates.
     */
    public static ChildProcess start(ActionContext ctx, ProcessBuilder pb) throws IOException {
        List<String> argv = List.copyOf(pb.command());
        String shown = ctx.redact(String.join(" ", argv));
        if (!supervised()) {
            // no setsid: the program shares runbook's process group (Ctrl-C reaches it) and dies only when killed
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            ChildProcess c = new ChildProcess(p, null);
            c.report(ctx, shown);
            return c;
        }
        List<String> cmd = new ArrayList<>(List.of(SETSID.get().toString(), SH.toString(), "-c", SUPERVISOR, "runbook-step"));
        cmd.addAll(argv);
        Process p = pb.command(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        ChildProcess c = new ChildProcess(p, p.getOutputStream());
        c.report(ctx, shown);
        try {
            c.lifeline.write("go\n".getBytes(StandardCharsets.US_ASCII));
            c.lifeline.flush();
        } catch (IOException e) {
            c.kill();
            throw new IOException("the step's process ended before it could start: " + e.getMessage(), e);
        }
        return c;
    }

    private void report(ActionContext ctx, String shown) {
        try {
            ctx.processStarted(process.pid(), shown);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Stops the program and everything it started, at once (SIGKILL): the watcher kills the session, and this JVM
     * kills what it can see of it too, in case the watcher itself was killed.
     */
    public void kill() {
        List<ProcessHandle> tree = process.descendants().toList();
        closeLifeline();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        if (lifeline != null) ProcessTable.killAll(process.pid());
    }

    /**
     * After the program ended: whatever it left running in its session (a background job, a daemon that kept the
     * group) is killed, so a step's processes end with the step.
     */
    @Override
    public void close() {
        closeLifeline();
    }

    private void closeLifeline() {
        if (lifeline == null) return;
        try {
            lifeline.close();
        } catch (IOException e) {
            // the watcher is gone already (killed with the session): nothing left to tell it
        }
    }

    /** The absolute path of {@code program} as the child would find it: on {@code path}, or relative to {@code dir}. */
    public static Optional<Path> resolve(String program, String path, Path dir) {
        if (program.isEmpty()) return Optional.empty();
        if (program.contains("/")) {
            Path p = dir.resolve(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String search = path == null || path.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : path;
        for (String d : search.split(":", -1)) {
            Path p = (d.isEmpty() ? dir : dir.resolve(d)).resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static Optional<Path> locate(String name) {
        for (String d : List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : resolve(name, path, Path.of("/"));
    }
}
