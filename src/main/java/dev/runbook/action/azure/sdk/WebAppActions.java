package dev.runbook.action.azure.sdk;

import com.azure.core.util.Context;
import com.azure.resourcemanager.appservice.fluent.WebAppsClient;
import com.azure.resourcemanager.appservice.fluent.models.DeploymentInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
import com.azure.resourcemanager.appservice.models.CsmSlotEntity;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** azure.webapp.*: App Service web apps through the inner WebAppsClient (one REST call per SDK call). */
final class WebAppActions {
    private WebAppActions() {}

    static final String PRODUCTION = "production";

    /** Resource group, app name and optional slot of one step. */
    record Target(String resourceGroup, String name, String slot) {
        static Target of(Args args) throws ActionException {
            String slot = args.optString("slot").filter(s -> !s.isBlank() && !s.equalsIgnoreCase(PRODUCTION)).orElse(null);
            return new Target(args.string("resourceGroup"), args.string("name"), slot);
        }

        String describe() {
            return slot == null ? where("web app", name, resourceGroup)
                    : "slot '" + slot + "' of " + where("web app", name, resourceGroup);
        }
    }

    private static String where(String kind, String name, String rg) {
        return AzureAction.where(kind, name, rg);
    }

    abstract static class WebAppAction extends AzureAction {
        WebAppAction(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        WebAppsClient webApps(ActionContext ctx, Args args) throws ActionException {
            return clients.appService(clients.arm(ctx, args)).serviceClient().getWebApps();
        }

        SiteInner site(ActionContext ctx, WebAppsClient client, Target t) throws ActionException {
            SiteInner site = call(ctx, t.describe(), () -> t.slot() == null
                    ? client.getByResourceGroup(t.resourceGroup(), t.name())
                    : client.getSlot(t.resourceGroup(), t.name(), t.slot()));
            if (site == null) {
                throw ActionException.permanent(spec.name() + ": not found: " + t.describe(),
                        "check the name, the resource group and the subscription in use (--azure-subscription)");
            }
            return site;
        }

        Map<String, Object> with(Args args, Target t) {
            Map<String, Object> with = map("resourceGroup", t.resourceGroup(), "name", t.name());
            if (t.slot() != null) with.put("slot", t.slot());
            args.optString("subscription").ifPresent(s -> with.put("subscription", s));
            return with;
        }
    }

    static final class Get extends WebAppAction {
        Get(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            Target t = Target.of(args);
            WebAppsClient client = webApps(ctx, args);
            SiteInner site = site(ctx, client, t);
            List<String> slots = call(ctx, "slots of " + t.describe(), () -> {
                List<String> names = new ArrayList<>();
                for (SiteInner s : client.listSlots(t.resourceGroup(), t.name())) {
                    String n = s.name();
                    names.add(n != null && n.contains("/") ? n.substring(n.indexOf('/') + 1) : n);
                }
                return names;
            });
            String lastDeployment = lastDeployment(ctx, client, t);
            String planId = site.serverFarmId();
            Map<String, Object> out = map(
                    "state", site.state(),
                    "plan", planId == null ? null : planId.substring(planId.lastIndexOf('/') + 1),
                    "planResourceGroup", idPart(planId, "resourceGroups"),
                    "planId", planId,
                    "hostNames", site.hostNames() == null ? List.of() : List.copyOf(site.hostNames()),
                    "defaultHostName", site.defaultHostname(),
                    "slots", slots,
                    "lastDeploymentTime", lastDeployment,
                    "location", site.location(),
                    "kind", site.kind(),
                    "availability", str(site.availabilityState()),
                    "id", site.id());
            return new Result(out, t.describe() + ": " + site.state() + " on plan " + out.get("plan")
                    + (slots.isEmpty() ? "" : ", slots " + String.join(", ", slots)));
        }

        /** Deployment history comes from the app's Kudu site and is absent for some apps: a gap, not a failure. */
        private String lastDeployment(ActionContext ctx, WebAppsClient client, Target t) throws ActionException {
            try {
                return call(ctx, "deployments of " + t.describe(), () -> {
                    OffsetDateTime latest = null;
                    for (DeploymentInner d : client.listDeployments(t.resourceGroup(), t.name())) {
                        OffsetDateTime when = d.endTime() != null ? d.endTime() : d.startTime();
                        if (when != null && (latest == null || when.isAfter(latest))) latest = when;
                    }
                    return iso(latest);
                });
            } catch (ActionException e) {
                if (e.kind() == ActionException.Kind.TIMEOUT || e.kind() == ActionException.Kind.CANCELLED) throw e;
                ctx.progress("deployment history unavailable: " + e.getMessage());
                return null;
            }
        }
    }

    /** restart / stop / start: one POST, then the state read back. */
    static final class Power extends WebAppAction {
        enum Op { RESTART, STOP, START }

        private final Op op;

        Power(ActionSpec spec, AzureClients clients, Op op) {
            super(spec, clients);
            this.op = op;
        }

        @Override
        public Plan plan(ActionContext ctx, Args args) throws ActionException {
            Target t = Target.of(args);
            SiteInner site = site(ctx, webApps(ctx, args), t);
            String after = op == Op.STOP ? "Stopped" : "Running";
            String verb = op.name().toLowerCase(java.util.Locale.ROOT);
            List<String> details = new ArrayList<>();
            if (op == Op.START && "Running".equalsIgnoreCase(site.state())) details.add("already Running: start changes nothing");
            if (op == Op.STOP && "Stopped".equalsIgnoreCase(site.state())) details.add("already Stopped: stop changes nothing");
            if (op == Op.STOP) details.add("the app serves nothing (HTTP 403 'site stopped') until it is started again");
            if (op == Op.RESTART) details.add(args.bool("softRestart", false)
                    ? "soft restart: the app restarts inside the running worker" : "full restart: the worker process is recycled");
            return new Plan(verb + " " + t.describe() + " (now " + site.state() + ")",
                    map("state", site.state()), map("state", after), op == Op.STOP ? t.name() : null,
                    map("state", after), details);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            Target t = Target.of(args);
            WebAppsClient client = webApps(ctx, args);
            String rg = t.resourceGroup();
            String name = t.name();
            String slot = t.slot();
            boolean soft = args.bool("softRestart", false);
            call(ctx, t.describe(), () -> {
                switch (op) {
                    case RESTART -> {
                        // synchronous=true: Azure answers once the app is back, so the step's outcome means something.
                        if (slot == null) client.restartWithResponse(rg, name, soft, true, Context.NONE);
                        else client.restartSlotWithResponse(rg, name, slot, soft, true, Context.NONE);
                    }
                    case STOP -> {
                        if (slot == null) client.stop(rg, name);
                        else client.stopSlot(rg, name, slot);
                    }
                    case START -> {
                        if (slot == null) client.start(rg, name);
                        else client.startSlot(rg, name, slot);
                    }
                }
                return null;
            });
            SiteInner site = site(ctx, client, t);
            String verb = switch (op) {
                case RESTART -> "restarted";
                case STOP -> "stopped";
                case START -> "started";
            };
            return new Result(map("state", site.state()), verb + " " + t.describe() + ", now " + site.state());
        }

        @Override
        public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
            if (op != Op.STOP) return Optional.empty();
            try {
                return Optional.of(new UndoHint("azure.webapp.start", with(args, Target.of(args))));
            } catch (ActionException e) {
                return Optional.empty();
            }
        }
    }

    static final class SwapSlot extends WebAppAction {
        SwapSlot(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        private record Swap(String resourceGroup, String name, String slot, String targetSlot, boolean preserveVnet) {
            static Swap of(Args args) throws ActionException {
                String slot = args.string("slot").trim();
                String target = args.optString("targetSlot").filter(s -> !s.isBlank()).orElse(PRODUCTION).trim();
                if (slot.equalsIgnoreCase(target)) {
                    throw ActionException.permanent("cannot swap slot '" + slot + "' with itself",
                            "set targetSlot to another slot, or leave it out to swap with production");
                }
                if (slot.equalsIgnoreCase(PRODUCTION)) {
                    // Swapping is symmetric: put the named slot first so the production call is used.
                    String s = slot;
                    slot = target;
                    target = s;
                }
                return new Swap(args.string("resourceGroup"), args.string("name"), slot, target, args.bool("preserveVnet", true));
            }

            boolean withProduction() {
                return targetSlot.equalsIgnoreCase(PRODUCTION);
            }

            String describe() {
                return "slot '" + slot + "' ⇄ '" + targetSlot + "' of " + AzureAction.where("web app", name, resourceGroup);
            }
        }

        @Override
        public Plan plan(ActionContext ctx, Args args) throws ActionException {
            Swap s = Swap.of(args);
            WebAppsClient client = webApps(ctx, args);
            SiteInner source = site(ctx, client, new Target(s.resourceGroup(), s.name(), s.slot()));
            SiteInner target = site(ctx, client, new Target(s.resourceGroup(), s.name(), s.withProduction() ? null : s.targetSlot()));
            List<String> details = new ArrayList<>();
            details.add("'" + s.targetSlot() + "' will serve what '" + s.slot() + "' serves now, and the other way round");
            if (!"Running".equalsIgnoreCase(source.state())) {
                details.add("WARNING: slot '" + s.slot() + "' is " + source.state() + "; swapping it in serves a stopped app");
            }
            details.add("undo: swap the same slots again");
            Map<String, Object> before = map("slot", s.slot(), "targetSlot", s.targetSlot(),
                    "slotState", source.state(), "targetState", target.state());
            return new Plan("swap " + s.describe(), before,
                    map("slot", s.slot(), "targetSlot", s.targetSlot(), "slotState", target.state(), "targetState", source.state()),
                    s.name(), map("slot", s.slot(), "targetSlot", s.targetSlot(), "status", "Succeeded"), details);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            Swap s = Swap.of(args);
            WebAppsClient client = webApps(ctx, args);
            CsmSlotEntity entity = new CsmSlotEntity().withPreserveVnet(s.preserveVnet());
            Duration interval = pollInterval(args, Duration.ofSeconds(10));
            var poller = call(ctx, s.describe(), () -> s.withProduction()
                    ? client.beginSwapSlotWithProduction(s.resourceGroup(), s.name(), entity.withTargetSlot(s.slot()))
                    : client.beginSwapSlot(s.resourceGroup(), s.name(), s.slot(), entity.withTargetSlot(s.targetSlot())));
            await(ctx, s.describe(), poller, interval, "slot swap");
            return new Result(map("slot", s.slot(), "targetSlot", s.targetSlot(), "status", "Succeeded"), "swapped " + s.describe());
        }

        @Override
        public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
            // A swap is its own inverse.
            return Optional.of(new UndoHint(spec.name(), Map.copyOf(args.asMap().entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
        }
    }
}
