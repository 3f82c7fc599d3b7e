package dev.runbook.action.sim;

import static dev.runbook.action.sim.ResourceBehaviour.named;
import static dev.runbook.action.sim.ResourceBehaviour.setting;

import dev.runbook.action.ActionException;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Behaviours of the {@code azure.*} actions. Resources are {@code azure.webapp/<name>} (a slot is {@code <name>/<slot>}), and so on. */
final class AzureBehaviours {
    private AzureBehaviours() {}

    static final String WEBAPP = "azure.webapp";
    static final String PLAN = "azure.appservice.plan";
    static final String PG = "azure.postgres.flexible";
    static final String REDIS = "azure.redis";
    static final String SECRET = "azure.keyvault.secret";
    static final String QUEUE = "azure.servicebus.queue";
    static final String METRIC = "azure.monitor.metric";
    static final String LOGS = "azure.monitor.logs";
    static final String ACCOUNT = "azure.account";

    static void register(Map<String, Behaviours.Entry> into) {
        into.put("azure.whoami", new Behaviours.Entry(List.of(ACCOUNT), s -> whoami()));
        into.put("azure.webapp.get", new Behaviours.Entry(List.of(WEBAPP), s -> read(WEBAPP, "name")));
        into.put("azure.webapp.restart", new Behaviours.Entry(List.of(WEBAPP), s -> new ResourceBehaviour(webapp(),
                (call, props) -> Map.of("state", "Running", "restarts", restarts(props) + 1), true, Map.of())));
        into.put("azure.webapp.start", new Behaviours.Entry(List.of(WEBAPP), s -> webappState("Running")));
        into.put("azure.webapp.stop", new Behaviours.Entry(List.of(WEBAPP), s -> webappState("Stopped")));
        into.put("azure.webapp.swap-slot", new Behaviours.Entry(List.of(WEBAPP), s -> swapSlot()));
        into.put("azure.appservice.plan.get", new Behaviours.Entry(List.of(PLAN), s -> read(PLAN, "plan")));
        into.put("azure.appservice.plan.scale", new Behaviours.Entry(List.of(PLAN), s -> new ResourceBehaviour(named(PLAN, "plan"),
                setting(Map.of(), Map.of("sku", "sku", "workers", "workers")), true, Map.of("sku", "sku", "workers", "workers"))));
        into.put("azure.postgres.flexible.get", new Behaviours.Entry(List.of(PG), s -> read(PG, "name")));
        into.put("azure.postgres.flexible.restore", new Behaviours.Entry(List.of(PG), s -> Accepting.of(Restores.restore(PG, "source", "target",
                "restorePointInTime", "earliestRestoreTime", null, Map.of("state", "sourceState"), "state", "Ready",
                t -> Map.of("name", t, "fqdn", t + ".postgres.database.azure.com", "id", "/sim/flexibleServers/" + t)),
                call -> new Operation("azure.lro", "/sim/flexibleServers/" + call.args().string("target"),
                        "point-in-time restore of " + call.args().string("source") + " into new server " + call.args().string("target")))));
        into.put("azure.redis.get", new Behaviours.Entry(List.of(REDIS), s -> read(REDIS, "name")));
        into.put("azure.redis.reboot", new Behaviours.Entry(List.of(REDIS), s -> new ResourceBehaviour(named(REDIS, "name"),
                (call, props) -> Map.of("provisioningState", "Succeeded", "message", "reboot of " + call.args().optString("rebootType").orElse("AllNodes") + " scheduled",
                        "lastReboot", call.world().now().toString()), true, Map.of())));
        into.put("azure.keyvault.secret.describe", new Behaviours.Entry(List.of(SECRET), s -> read(SECRET, "secret")));
        into.put("azure.keyvault.secret.rotate", new Behaviours.Entry(List.of(SECRET), s -> rotateSecret()));
        into.put("azure.keyvault.secret.restore-version", new Behaviours.Entry(List.of(SECRET), s -> restoreVersion()));
        into.put("azure.servicebus.queue.get", new Behaviours.Entry(List.of(QUEUE), s -> queue()));
        into.put("azure.monitor.metric", new Behaviours.Entry(List.of(METRIC), s -> Observations.metric(METRIC)));
        into.put("azure.monitor.logs-query", new Behaviours.Entry(List.of(LOGS), s -> Observations.rows(LOGS, "rowCount")));
    }

    static ResourceBehaviour read(String kind, String param) {
        return new ResourceBehaviour(named(kind, param), (c, p) -> Map.of(), true, Map.of());
    }

    private static ResourceBehaviour.Target webapp() {
        return call -> {
            ResourceId app = named(WEBAPP, "name").of(call);
            Optional<String> slot = call.args().optString("slot").filter(x -> !x.isBlank() && !x.equals("production"));
            return slot.map(x -> new ResourceId(WEBAPP, app.name() + "/" + x)).orElse(app);
        };
    }

    private static long restarts(Map<String, Object> props) {
        return props != null && props.get("restarts") instanceof Number n ? n.longValue() : 0;
    }

    private static ResourceBehaviour webappState(String state) {
        return new ResourceBehaviour(webapp(), setting(Map.of("state", state), Map.of()), true, Map.of());
    }

    private static SimBehaviour whoami() {
        return new Custom(call -> call.readPlan("read the signed-in account", Map.of()), call -> {
            List<ResourceId> all = call.world().ofKind(ACCOUNT);
            Map<String, Object> props = all.isEmpty() ? Map.of() : call.read(all.get(0));
            Map<String, Object> out = call.outputsFrom(props);
            call.args().optString("subscription").ifPresent(sub -> {
                if (!props.containsKey("subscriptionId")) out.put("subscriptionId", sub);
            });
            if (!props.containsKey("subscriptionState")) out.put("subscriptionState", "Enabled");
            return new Result(out, "signed in (simulated)");
        });
    }

    private static SimBehaviour swapSlot() {
        ResourceBehaviour.Target app = named(WEBAPP, "name");
        return new Custom(call -> {
            ResourceId[] ids = swapIds(app.of(call), call);
            Map<String, Object> src = call.require(ids[0]);
            Map<String, Object> dst = call.require(ids[1]);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("slot", call.args().string("slot"));
            before.put("targetSlot", call.args().optString("targetSlot").orElse("production"));
            before.put("slotState", src.get("state"));
            before.put("targetState", dst.get("state"));
            return new Plan("swap " + ids[0].name() + " with " + ids[1].name(), before, Map.of("status", "Succeeded"), app.of(call).name(),
                    Map.of("slot", before.get("slot"), "targetSlot", before.get("targetSlot"), "status", "Succeeded"),
                    List.of(ids[0].name() + " " + src, ids[1].name() + " " + dst));
        }, call -> {
            ResourceId[] ids = swapIds(app.of(call), call);
            Map<String, Object> src = call.require(ids[0]);
            Map<String, Object> dst = call.require(ids[1]);
            call.world().update(ids[0], swapped(src, dst), call.who());
            call.world().update(ids[1], swapped(dst, src), call.who());
            return new Result(Map.of("slot", call.args().string("slot"), "targetSlot", call.args().optString("targetSlot").orElse("production"),
                    "status", "Succeeded"), "swapped " + ids[0].name() + " and " + ids[1].name());
        }, (spec, args, plan, result) -> Optional.of(new UndoHint(spec.name(), args.asMap())));
    }

    /** What belongs to the slot rather than to the release in it, so a swap leaves it where it is (as Azure does). */
    static final java.util.Set<String> SLOT_BOUND = java.util.Set.of("name", "id", "plan", "planResourceGroup", "slots", "hostNames",
            "defaultHostName", "location", "kind");

    /**
     * The slot's properties take the other slot's values; keys only one side has are cleared to null on the other.
     * {@link #SLOT_BOUND} keys stay with their slot.
     */
    private static Map<String, Object> swapped(Map<String, Object> self, Map<String, Object> other) {
        Map<String, Object> out = new LinkedHashMap<>();
        self.keySet().forEach(k -> {
            if (!SLOT_BOUND.contains(k)) out.put(k, null);
        });
        other.forEach((k, v) -> {
            if (!SLOT_BOUND.contains(k)) out.put(k, v);
        });
        return out;
    }

    private static ResourceId[] swapIds(ResourceId app, SimCall call) throws ActionException {
        String slot = call.args().string("slot");
        String target = call.args().optString("targetSlot").orElse("production");
        ResourceId src = new ResourceId(WEBAPP, app.name() + "/" + slot);
        ResourceId dst = target.equals("production") ? app : new ResourceId(WEBAPP, app.name() + "/" + target);
        return new ResourceId[] {src, dst};
    }

    private static SimBehaviour rotateSecret() {
        ResourceBehaviour.Target t = named(SECRET, "secret");
        return new Custom(call -> {
            Map<String, Object> props = call.require(t.of(call));
            Map<String, Object> before = call.beforeFrom(renamed(props, "currentVersion", "version"));
            return new Plan("rotate " + t.of(call).name() + ": new version replaces " + Values.show(before.get("version")), before,
                    Map.of("version", "(new)"), null, Map.of(), List.of());
        }, call -> {
            ResourceId id = t.of(call);
            Map<String, Object> props = call.require(id);
            Object previous = props.get("currentVersion");
            String version = Versions.next(call.world(), id);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("currentVersion", version);
            change.put("previousVersion", previous);
            change.put("enabled", true);
            change.put("updatedOn", call.world().now().toString());
            Optional<Duration> expires = call.args().optDuration("expiresIn");
            change.put("expiresOn", expires.map(d -> call.world().now().plus(d).toString()).orElse(null));
            if (expires.isPresent()) change.put("expiresInDays", expires.get().toDays());
            call.world().update(id, change, call.who());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", version);
            out.put("previousVersion", previous);
            out.put("expiresOn", change.get("expiresOn"));
            return new Result(out, "new version " + version);
        }, (spec, args, plan, result) -> {
            Object old = plan.before().get("version");
            if (old == null) return Optional.empty();
            Map<String, Object> with = new LinkedHashMap<>();
            with.put("vault", args.get("vault"));
            with.put("secret", args.get("secret"));
            with.put("version", old);
            with.put("disableVersion", result.outputs().get("version"));
            return Optional.of(new UndoHint("azure.keyvault.secret.restore-version", with));
        });
    }

    private static SimBehaviour restoreVersion() {
        ResourceBehaviour.Target t = named(SECRET, "secret");
        return new Custom(call -> {
            Map<String, Object> props = call.require(t.of(call));
            return new Plan("make version " + call.args().string("version") + " of " + t.of(call).name() + " current again",
                    Map.of("version", String.valueOf(props.get("currentVersion"))), Map.of("restoredFrom", call.args().string("version")), null, Map.of(), List.of());
        }, call -> {
            ResourceId id = t.of(call);
            call.require(id);
            String from = call.args().string("version");
            String version = Versions.next(call.world(), id);
            call.world().update(id, Map.of("currentVersion", version, "restoredFrom", from, "updatedOn", call.world().now().toString()), call.who());
            return new Result(Map.of("version", version, "restoredFrom", from), "version " + from + " is current again as " + version);
        });
    }

    private static SimBehaviour queue() {
        ResourceBehaviour.Target t = named(QUEUE, "queue");
        return new Custom(call -> call.readPlan("read queue " + t.of(call).name(), Map.of()), call -> {
            Map<String, Object> props = new LinkedHashMap<>(call.require(t.of(call)));
            long total = 0;
            for (String k : List.of("activeMessageCount", "deadLetterMessageCount", "scheduledMessageCount", "transferMessageCount",
                    "transferDeadLetterMessageCount")) {
                if (props.get(k) instanceof Number n) total += n.longValue();
            }
            props.putIfAbsent("messageCount", total);
            props.putIfAbsent("status", "Active");
            return new Result(call.outputsFrom(props), null);
        });
    }

    private static Map<String, Object> renamed(Map<String, Object> props, String from, String to) {
        Map<String, Object> out = new LinkedHashMap<>(props);
        if (props.containsKey(from)) out.put(to, props.get(from));
        return out;
    }

    static Instant parseInstant(String text, String arg) throws ActionException {
        try {
            return Instant.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ActionException.permanent("argument '" + arg + "' must be an ISO-8601 instant like 2025-01-22T14:00:00Z, got '" + text + "'");
        }
    }
}
