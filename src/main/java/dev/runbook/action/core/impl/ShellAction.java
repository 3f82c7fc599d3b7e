package dev.runbook.action.core.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.process.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a program from an argv list; no shell parses anything, and values arrive as environment variables,
 * so a hostile value is only ever data. The program runs in a session of its own that dies with the step and with
 * runbook, however runbook ends ({@link ChildProcess}); cancellation (timeout, Ctrl-C) kills the whole session.
 */
final class ShellAction implements Action {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final ActionSpec spec;

    ShellAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    private record Command(List<String> argv, Map<String, String> env, Path dir, List<Long> ok, int tail) {}

    private Command command(ActionContext ctx, Args args) throws ActionException {
        List<Object> raw = args.list("command");
        if (raw.isEmpty()) throw ActionException.permanent("command: must list the program and its arguments", "e.g. command: [kubectl, get, pods]");
        List<String> argv = new ArrayList<>();
        for (Object o : raw) {
            if (o == null || o instanceof Map || o instanceof List) {
                throw ActionException.permanent("command: every element must be a single string, got " + o);
            }
            argv.add(String.valueOf(o));
        }
        for (String a : argv) {
            // any local user can read a process's argv: a secret (or a value derived from one) goes through env:
            if (!ctx.redact(a).equals(a)) {
                throw ActionException.permanent("command: an argument would carry a secret (or a value computed from one) on the"
                        + " command line, where any local user can read it", "pass it through env: and read $NAME in the command");
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (var e : args.map("env").entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw ActionException.permanent("env: '" + e.getKey() + "' is not a valid environment variable name", "use letters, digits and _");
            }
            env.put(e.getKey(), e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        Path dir = args.optString("workDir").map(d -> ctx.workDir().resolve(d)).orElse(ctx.workDir());
        List<Long> ok = new ArrayList<>();
        for (Object o : args.list("successCodes")) {
            try {
                ok.add(Long.parseLong(String.valueOf(o).trim()));
            } catch (NumberFormatException e) {
                throw ActionException.permanent("successCodes: '" + o + "' is not an exit code");
            }
        }
        if (ok.isEmpty()) ok.add(0L);
        int tail = (int) Math.max(0, Math.min(1000, args.optInteger("tailLines").orElse(20L)));
        return new Command(argv, env, dir, ok, tail);
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        Command c = command(ctx, args);
        List<String> details = new ArrayList<>();
        details.add("argv: " + ctx.redact(String.join(" ", c.argv())));
        if (!c.env().isEmpty()) details.add("env: " + String.join(", ", c.env().keySet()));
        details.add("in: " + c.dir());
        Map<String, Object> predicted = Map.of("exitCode", c.ok().get(0), "stdout", "", "stderr", "");
        return new Plan("run " + ctx.redact(String.join(" ", c.argv())), Map.of(), Map.of(), null, predicted, details);
    }

    @Override
    @SuppressWarnings("try")
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        Command c = command(ctx, args);
        if (!Files.isDirectory(c.dir())) throw ActionException.permanent("workDir " + c.dir() + " is not a directory");
        ProcessBuilder pb = new ProcessBuilder(c.argv()).directory(c.dir().toFile());
        pb.environment().clear();
        pb.environment().putAll(ctx.environment());
        pb.environment().putAll(c.env());
        String program = c.argv().get(0);
        if (ChildProcess.resolve(program, pb.environment().get("PATH"), c.dir()).isEmpty()) {
            throw ActionException.permanent("cannot start '" + program + "': no such executable"
                    + (program.contains("/") ? " in " + c.dir() : " on PATH"), "check that the program is installed and on PATH");
        }
        ChildProcess child;
        try {
            child = ChildProcess.start(ctx, pb);
        } catch (IOException e) {
            throw ActionException.permanent("cannot start '" + program + "': " + e.getMessage(),
                    "check that the program is installed and on PATH");
        }
        Process p = child.process();
        Tail out = new Tail(c.tail(), ctx);
        Tail err = new Tail(c.tail(), ctx);
        Thread to = pump(p.getInputStream(), out, ctx, true);
        Thread te = pump(p.getErrorStream(), err, ctx, false);
        int code;
        try (AutoCloseable hook = ctx.cancellation().onCancel(child::kill)) {
            code = p.waitFor();
            // what the program left running in its session dies with the step, which also ends the pumps' input
            child.close();
            to.join(2000);
            te.join(2000);
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("'" + program + "' was stopped");
        } catch (Exception e) {
            child.kill();
            throw ActionException.permanent("running '" + program + "' failed: " + e.getMessage());
        }
        if (ctx.cancellation().isCancelled()) throw ActionException.cancelled("'" + program + "' was stopped");
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("exitCode", (long) code);
        outputs.put("stdout", out.text());
        outputs.put("stderr", err.text());
        if (!c.ok().contains((long) code)) {
            String why = err.last().isBlank() ? out.last() : err.last();
            // a failing command is retried only when the author asked for retries (polling); otherwise it goes to onFailure
            throw new ActionException(ActionException.Kind.TRANSIENT, "'" + program + "' exited with " + code
                    + (why.isBlank() ? "" : ": " + why), null, null);
        }
        return new Result(outputs, "exit " + code);
    }

    private static Thread pump(InputStream in, Tail tail, ActionContext ctx, boolean progress) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    tail.add(line);
                    if (progress && !line.isBlank()) ctx.progress(line.strip());
                }
            } catch (IOException e) {
                // the process went away (killed): what was read so far stays in the tail
            }
        }, "runbook-shell-" + (progress ? "out" : "err"));
        t.setDaemon(true);
        t.start();
        return t;
    }
}
