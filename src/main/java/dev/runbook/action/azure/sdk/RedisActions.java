package dev.runbook.action.azure.sdk;

import com.azure.resourcemanager.redis.RedisManager;
import com.azure.resourcemanager.redis.fluent.models.RedisFirewallRuleInner;
import com.azure.resourcemanager.redis.fluent.models.RedisForceRebootResponseInner;
import com.azure.resourcemanager.redis.fluent.models.RedisResourceInner;
import com.azure.resourcemanager.redis.models.RebootType;
import com.azure.resourcemanager.redis.models.RedisRebootParameters;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** azure.redis.*: Azure Cache for Redis. Access keys are never read into outputs. */
final class RedisActions {
    private RedisActions() {}

    abstract static class RedisAction extends AzureAction {
        RedisAction(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        RedisManager manager(ActionContext ctx, Args args) throws ActionException {
            return clients.redis(clients.arm(ctx, args));
        }

        RedisResourceInner read(ActionContext ctx, RedisManager m, String rg, String name) throws ActionException {
            String what = where("Redis cache", name, rg);
            RedisResourceInner r = call(ctx, what, () -> m.serviceClient().getRedis().getByResourceGroup(rg, name));
            if (r == null) throw ActionException.permanent(spec.name() + ": not found: " + what);
            return r;
        }
    }

    static final class Get extends RedisAction {
        Get(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            String rg = args.string("resourceGroup");
            String name = args.string("name");
            RedisManager m = manager(ctx, args);
            RedisResourceInner r = read(ctx, m, rg, name);
            List<Object> rules = call(ctx, "firewall rules of " + where("Redis cache", name, rg), () -> {
                List<Object> list = new ArrayList<>();
                for (RedisFirewallRuleInner f : m.serviceClient().getFirewallRules().list(rg, name)) {
                    String n = f.name();
                    list.add(map("name", n != null && n.contains("/") ? n.substring(n.lastIndexOf('/') + 1) : n,
                            "startIp", f.startIp(), "endIp", f.endIp()));
                }
                return list;
            });
            Map<String, Object> out = map(
                    "provisioningState", str(r.provisioningState()),
                    "sku", r.sku() == null ? null : str(r.sku().name()),
                    "family", r.sku() == null ? null : str(r.sku().family()),
                    "capacity", r.sku() == null ? null : (long) r.sku().capacity(),
                    "hostName", r.hostname(),
                    "port", asLong(r.port()),
                    "sslPort", asLong(r.sslPort()),
                    "nonSslPortEnabled", r.enableNonSslPort(),
                    "redisVersion", r.redisVersion(),
                    "publicNetworkAccess", str(r.publicNetworkAccess()),
                    "firewallRules", rules,
                    "id", r.id());
            return new Result(out, where("Redis cache", name, rg) + ": " + out.get("provisioningState") + ", " + out.get("sku")
                    + " " + out.get("family") + out.get("capacity") + ", " + rules.size() + " firewall rule(s)");
        }
    }

    static final class Reboot extends RedisAction {
        Reboot(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        private static RebootType type(Args args) throws ActionException {
            String t = args.optString("rebootType").orElse("AllNodes");
            for (RebootType v : RebootType.values()) {
                if (v.toString().equalsIgnoreCase(t)) return v;
            }
            throw ActionException.permanent("argument 'rebootType' must be AllNodes, PrimaryNode or SecondaryNode, got '" + t + "'");
        }

        @Override
        public Plan plan(ActionContext ctx, Args args) throws ActionException {
            String rg = args.string("resourceGroup");
            String name = args.string("name");
            RebootType type = type(args);
            RedisResourceInner r = read(ctx, manager(ctx, args), rg, name);
            List<String> details = new ArrayList<>();
            details.add("every client connection drops; clients must reconnect");
            if (r.sku() != null && "Basic".equalsIgnoreCase(str(r.sku().name()))) {
                details.add("Basic tier has a single node: the cache is unavailable and its data is lost");
            } else {
                details.add("data not persisted or replicated may be lost");
            }
            if (!"Succeeded".equalsIgnoreCase(str(r.provisioningState()))) {
                details.add("WARNING: provisioning state is " + r.provisioningState());
            }
            return new Plan("reboot " + type + " of " + where("Redis cache", name, rg),
                    map("provisioningState", str(r.provisioningState())), map("rebootType", type.toString()), name,
                    map("message", "reboot requested"), details);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            String rg = args.string("resourceGroup");
            String name = args.string("name");
            RebootType type = type(args);
            RedisRebootParameters p = new RedisRebootParameters().withRebootType(type);
            args.optInteger("shardId").ifPresent(id -> p.withShardId(Math.toIntExact(id)));
            RedisManager m = manager(ctx, args);
            String what = where("Redis cache", name, rg);
            RedisForceRebootResponseInner resp = call(ctx, what, () -> m.serviceClient().getRedis().forceReboot(rg, name, p));
            String message = resp == null ? null : resp.message();
            return new Result(map("message", message), "rebooted " + type + " of " + what + (message == null ? "" : ": " + message));
        }
    }
}
