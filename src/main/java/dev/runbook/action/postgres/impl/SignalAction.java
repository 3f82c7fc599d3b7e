package dev.runbook.action.postgres.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgres.cancel and postgres.terminate: signal one backend, after showing the gate exactly which one. */
final class SignalAction implements Action {
    private static final Duration POLL = Duration.ofMillis(100);

    private final ActionSpec spec;
    private final boolean terminate;
    private final String verb;

    SignalAction(ActionSpec spec, boolean terminate) {
        this.spec = spec;
        this.terminate = terminate;
        this.verb = terminate ? "terminate" : "cancel the query of";
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        long pid = pid(args);
        try (Session s = Session.open(ctx, args, spec.name())) {
            Backend b = target(s, pid);
            List<String> details = new ArrayList<>();
            details.add("server:      " + s.config().display());
            details.add("pid:         " + b.pid() + " (" + b.backendType() + ")");
            details.add("user:        " + b.user());
            details.add("database:    " + b.database());
            details.add("application: " + b.application());
            details.add("client:      " + (b.clientAddr().isEmpty() ? "local socket" : b.clientAddr()));
            details.add("state:       " + b.state());
            details.add("query age:   " + b.querySeconds() + "s; transaction age: " + b.xactSeconds() + "s");
            details.add("query:       " + ReadAction.oneLine(ctx, b.query(), 2000));
            details.add(terminate
                    ? "effect:      its open transaction is rolled back and the client is disconnected"
                    : "effect:      its running statement fails with 'canceling statement due to user request'; the session stays");
            Map<String, Object> after = new LinkedHashMap<>();
            after.put(terminate ? "exists" : "state", terminate ? (Object) false : "idle or aborted");
            Map<String, Object> predicted = new LinkedHashMap<>();
            predicted.put("pid", pid);
            predicted.put("signalled", true);
            if (terminate) predicted.put("gone", true);
            String summary = verb + " backend " + pid + " (" + b.describe() + "): " + ReadAction.oneLine(ctx, b.query(), 160);
            return new Plan(summary, b.fields(), after, String.valueOf(pid), predicted, details);
        }
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        long pid = pid(args);
        Duration waitFor = args.optDuration("waitFor").orElse(Duration.ofSeconds(5));
        try (Session s = Session.open(ctx, args, spec.name())) {
            Backend b = target(s, pid);
            String fn = terminate ? "pg_terminate_backend" : "pg_cancel_backend";
            boolean signalled = s.run("SELECT " + fn + "(?)", st -> {
                st.setInt(1, (int) pid);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("pid", pid);
            out.put("signalled", signalled);
            if (!signalled) {
                throw ActionException.permanent(fn + "(" + pid + ") returned false on " + s.config().display()
                        + ": the process is not a PostgreSQL backend or exited meanwhile", "re-run postgres.blocking to see the current state");
            }
            if (!terminate) return new Result(out, "cancelled the query of backend " + pid + " (" + b.describe() + ")");
            boolean gone = waitGone(ctx, s, pid, waitFor);
            out.put("gone", gone);
            String summary = gone
                    ? "terminated backend " + pid + " (" + b.describe() + ")"
                    : "signalled backend " + pid + " to terminate, but it was still there after " + dev.runbook.model.Durations.format(waitFor);
            return new Result(out, summary);
        }
    }

    private boolean waitGone(ActionContext ctx, Session s, long pid, Duration waitFor) throws ActionException {
        Instant until = Instant.now().plus(waitFor);
        while (true) {
            if (Backend.read(s, pid).isEmpty()) return true;
            if (!Instant.now().isBefore(until)) return false;
            ctx.sleep(POLL);
        }
    }

    private static long pid(Args args) throws ActionException {
        long pid = args.integer("pid");
        if (pid <= 0) {
            throw ActionException.permanent("argument 'pid' must be a backend process id, got " + pid,
                    "postgres.blocking reports rootBlocker 0 when nothing is blocked; guard the step with if: steps.<id>.outputs.blockedCount > 0");
        }
        return pid;
    }

    private Backend target(Session s, long pid) throws ActionException {
        if (pid == s.pid()) {
            throw ActionException.permanent("refusing to " + verb + " backend " + pid + ": it is this step's own session");
        }
        return Backend.read(s, pid).orElseThrow(() -> ActionException.permanent(
                "no backend with pid " + pid + " on " + s.config().display() + " (it may have exited already); nothing was signalled",
                "re-run postgres.blocking or postgres.long-running to find the current pid"));
    }
}
