package dev.runbook.action.azure.sdk;

import com.azure.resourcemanager.appservice.fluent.AppServicePlansClient;
import com.azure.resourcemanager.appservice.fluent.models.AppServicePlanInner;
import com.azure.resourcemanager.appservice.models.SkuDescription;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** azure.appservice.plan.*: read and scale App Service plans. */
final class PlanActions {
    private PlanActions() {}

    abstract static class PlanAction extends AzureAction {
        PlanAction(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        AppServicePlansClient plans(ActionContext ctx, Args args) throws ActionException {
            return clients.appService(clients.arm(ctx, args)).serviceClient().getAppServicePlans();
        }

        AppServicePlanInner read(ActionContext ctx, AppServicePlansClient client, String rg, String plan) throws ActionException {
            String what = where("App Service plan", plan, rg);
            AppServicePlanInner p = call(ctx, what, () -> client.getByResourceGroup(rg, plan));
            if (p == null) {
                throw ActionException.permanent(spec.name() + ": not found: " + what,
                        "check the plan name (azure.webapp.get gives it as outputs.plan) and the subscription in use");
            }
            return p;
        }

        static String sku(AppServicePlanInner p) {
            return p.sku() == null ? null : p.sku().name();
        }

        static String tier(AppServicePlanInner p) {
            return p.sku() == null ? null : p.sku().tier();
        }

        static Long workers(AppServicePlanInner p) {
            if (p.sku() != null && p.sku().capacity() != null) return p.sku().capacity().longValue();
            return asLong(p.numberOfWorkers());
        }
    }

    static final class Get extends PlanAction {
        Get(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            String rg = args.string("resourceGroup");
            String name = args.string("plan");
            AppServicePlanInner p = read(ctx, plans(ctx, args), rg, name);
            Map<String, Object> out = map("sku", sku(p), "tier", tier(p), "workers", workers(p),
                    "maxWorkers", asLong(p.maximumNumberOfWorkers()), "status", str(p.status()),
                    "sites", asLong(p.numberOfSites()), "location", p.location(), "id", p.id());
            return new Result(out, where("App Service plan", name, rg) + ": " + sku(p) + " × " + workers(p));
        }
    }

    static final class Scale extends PlanAction {
        private static final Pattern SKU = Pattern.compile("(?i)([A-Z]+)(\\d+)([A-Z0-9]*)");

        Scale(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        private record Change(String sku, Long workers) {}

        private Change change(Args args) throws ActionException {
            Optional<String> sku = args.optString("sku").map(String::trim).filter(s -> !s.isEmpty());
            Optional<Long> workers = args.optInteger("workers");
            if (sku.isEmpty() && workers.isEmpty()) {
                throw ActionException.permanent("azure.appservice.plan.scale needs sku, workers or both",
                        "add sku: P2V2 (scale up) and/or workers: 3 (scale out) under with:");
            }
            if (workers.isPresent() && workers.get() < 1) {
                throw ActionException.permanent("argument 'workers' must be at least 1, got " + workers.get());
            }
            if (sku.isPresent() && !SKU.matcher(sku.get()).matches()) {
                throw ActionException.permanent("argument 'sku' is not an App Service SKU: '" + sku.get() + "'",
                        "use a name like B1, S2, P1V2, P2V3, I1V2");
            }
            return new Change(sku.map(s -> s.toUpperCase(Locale.ROOT)).orElse(null), workers.orElse(null));
        }

        @Override
        public Plan plan(ActionContext ctx, Args args) throws ActionException {
            Change c = change(args);
            String rg = args.string("resourceGroup");
            String name = args.string("plan");
            AppServicePlanInner p = read(ctx, plans(ctx, args), rg, name);
            String newSku = c.sku() != null ? c.sku() : sku(p);
            Long newWorkers = c.workers() != null ? c.workers() : workers(p);
            String newTier = c.sku() == null || c.sku().equalsIgnoreCase(sku(p)) ? tier(p) : tierOf(c.sku());
            check(p, newWorkers);
            List<String> details = new ArrayList<>();
            details.add("sku: " + sku(p) + " → " + newSku + (newTier != null ? " (" + newTier + ")" : ""));
            details.add("workers: " + workers(p) + " → " + newWorkers);
            if (p.numberOfSites() != null) details.add("apps in the plan: " + p.numberOfSites() + " (all of them move)");
            if (c.sku() != null && !c.sku().equalsIgnoreCase(sku(p))) details.add("a SKU change moves the apps to new workers: expect a short restart");
            boolean noop = same(newSku, sku(p)) && java.util.Objects.equals(newWorkers, workers(p));
            String summary = noop ? "plan " + name + " is already " + newSku + " × " + newWorkers + ": nothing to change"
                    : "scale plan " + name + " from " + sku(p) + " × " + workers(p) + " to " + newSku + " × " + newWorkers;
            return new Plan(summary, map("sku", sku(p), "tier", tier(p), "workers", workers(p)),
                    map("sku", newSku, "tier", newTier, "workers", newWorkers), null,
                    map("sku", newSku, "tier", newTier, "workers", newWorkers), details);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            Change c = change(args);
            String rg = args.string("resourceGroup");
            String name = args.string("plan");
            String what = where("App Service plan", name, rg);
            AppServicePlansClient client = plans(ctx, args);
            AppServicePlanInner p = read(ctx, client, rg, name);
            String newSku = c.sku() != null ? c.sku() : sku(p);
            Long newWorkers = c.workers() != null ? c.workers() : workers(p);
            check(p, newWorkers);
            if (same(newSku, sku(p)) && java.util.Objects.equals(newWorkers, workers(p))) {
                return new Result(map("sku", sku(p), "tier", tier(p), "workers", workers(p)),
                        what + " is already " + sku(p) + " × " + workers(p));
            }
            SkuDescription sku = new SkuDescription().withName(newSku)
                    .withTier(same(newSku, sku(p)) ? tier(p) : tierOf(newSku))
                    .withCapacity(newWorkers == null ? null : Math.toIntExact(newWorkers));
            // PUT replaces the whole plan: send what was read, with only the SKU changed.
            AppServicePlanInner body = p.withSku(sku);
            var poller = call(ctx, what, () -> client.beginCreateOrUpdate(rg, name, body));
            AppServicePlanInner done = await(ctx, what, poller, pollInterval(args, Duration.ofSeconds(10)), "plan update");
            AppServicePlanInner now = done != null ? done : read(ctx, client, rg, name);
            return new Result(map("sku", sku(now), "tier", tier(now), "workers", workers(now)),
                    "scaled " + what + " to " + sku(now) + " × " + workers(now));
        }

        @Override
        public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
            Object sku = plan.before().get("sku");
            Object workers = plan.before().get("workers");
            if (sku == null && workers == null) return Optional.empty();
            Map<String, Object> with = map("resourceGroup", args.get("resourceGroup"), "plan", args.get("plan"));
            if (sku != null) with.put("sku", sku);
            if (workers != null) with.put("workers", workers);
            if (args.has("subscription")) with.put("subscription", args.get("subscription"));
            return Optional.of(new UndoHint(spec.name(), with));
        }

        private static void check(AppServicePlanInner p, Long workers) throws ActionException {
            Integer max = p.maximumNumberOfWorkers();
            if (workers != null && max != null && max > 0 && workers > max) {
                throw ActionException.permanent("plan " + p.name() + " allows at most " + max + " workers on " + sku(p) + ", asked for " + workers,
                        "scale up to a larger SKU first, or ask for fewer workers");
            }
        }

        private static boolean same(String a, String b) {
            return a == null ? b == null : a.equalsIgnoreCase(b);
        }

        /** Pricing tier of a SKU name, as the portal and the CLI pair them. */
        static String tierOf(String sku) {
            Matcher m = SKU.matcher(sku);
            if (!m.matches()) return null;
            String family = m.group(1).toUpperCase(Locale.ROOT);
            String suffix = m.group(3).toUpperCase(Locale.ROOT);
            return switch (family) {
                case "F" -> "Free";
                case "D" -> "Shared";
                case "B" -> "Basic";
                case "S" -> "Standard";
                case "P" -> switch (suffix) {
                    case "" -> "Premium";
                    case "V2" -> "PremiumV2";
                    case "V3" -> "PremiumV3";
                    case "V4" -> "PremiumV4";
                    case "MV3" -> "PremiumMV3";
                    case "MV4" -> "PremiumMV4";
                    case "C" -> "PremiumContainer";
                    default -> null;
                };
                case "I" -> suffix.equals("V2") ? "IsolatedV2" : suffix.isEmpty() ? "Isolated" : null;
                case "EP" -> "ElasticPremium";
                case "WS" -> "WorkflowStandard";
                case "Y" -> "Dynamic";
                default -> null;
            };
        }
    }
}
