package dev.runbook.action.azure.sdk;

import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Operation;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared plumbing of the azure.* actions: deadline-aware calls, long-running operations, output maps. */
abstract class AzureAction implements Action {
    final ActionSpec spec;
    final AzureClients clients;

    AzureAction(ActionSpec spec, AzureClients clients) {
        this.spec = spec;
        this.clients = clients;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    /** Read actions change nothing: their plan is just what they will read. */
    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        return Plan.of(spec.name() + ": read only");
    }

    <T> T call(ActionContext ctx, String resource, Calls.Call<T> c) throws ActionException {
        return clients.calls().run(ctx, spec.name(), resource, c);
    }

    /**
     * Drives a long-running operation ourselves (one poll per {@code interval}, through ctx.sleep) so that
     * progress shows, the step timeout holds and Ctrl-C stops waiting; returns the final result.
     */
    <T> T await(ActionContext ctx, String resource, SyncPoller<?, T> poller, Duration interval, String what) throws ActionException {
        // the poller exists, so Azure accepted the operation: from here on it goes on whatever happens to runbook
        Operation op = new Operation("azure.lro", resource, what + " of " + resource);
        ctx.operationAccepted(op);
        Instant started = Instant.now();
        int polls = 0;
        try {
            while (true) {
                PollResponse<?> r = call(ctx, resource, poller::poll);
                LongRunningOperationStatus status = r.getStatus();
                if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
                    ctx.progress(what + ": Succeeded after " + Durations.format(elapsed(started)));
                    return call(ctx, resource, poller::getFinalResult);
                }
                if (status == LongRunningOperationStatus.FAILED || status == LongRunningOperationStatus.USER_CANCELLED) {
                    throw LroFailure.of(spec.name(), what, resource, label(status), r);
                }
                polls++;
                ctx.progress(what + ": " + label(status) + " (poll " + polls + ", " + Durations.format(elapsed(started)) + ")");
                ctx.sleep(interval);
            }
        } catch (ActionException e) {
            if (e.kind() == ActionException.Kind.TIMEOUT || e.kind() == ActionException.Kind.CANCELLED) {
                throw ActionException.unfinished(op, new ActionException(e.kind(), spec.name() + ": stopped waiting for " + what + " on "
                        + resource + " after " + Durations.format(elapsed(started)), null, e));
            }
            throw e;
        }
    }

    /** IN_PROGRESS → InProgress, as Azure writes it. */
    static String label(LongRunningOperationStatus status) {
        StringBuilder sb = new StringBuilder();
        for (String part : status.toString().split("_")) {
            if (part.isEmpty()) continue;
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    private static Duration elapsed(Instant started) {
        return Duration.ofSeconds(Duration.between(started, Instant.now()).toSeconds());
    }

    static Duration pollInterval(Args args, Duration dflt) throws ActionException {
        Duration d = args.optDuration("pollInterval").orElse(dflt);
        if (d.isNegative()) throw ActionException.permanent("argument 'pollInterval' must not be negative");
        return d;
    }

    /** An ordered output map that keeps null values (a missing field is an answer too). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static String iso(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }

    static Long asLong(Number n) {
        return n == null ? null : n.longValue();
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** "web app 'api' in resource group 'rg-prod'" */
    static String where(String kind, String name, String resourceGroup) {
        return kind + " '" + name + "' in resource group '" + resourceGroup + "'";
    }

    /** The segment after {@code key} in an ARM resource id. */
    static String idPart(String id, String key) {
        if (id == null) return null;
        String[] parts = id.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equalsIgnoreCase(key)) return parts[i + 1];
        }
        return null;
    }
}
