package dev.runbook.action.azure.sdk;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.postgresqlflexibleserver.fluent.ServersClient;
import com.azure.resourcemanager.postgresqlflexibleserver.fluent.models.ServerInner;
import com.azure.resourcemanager.postgresqlflexibleserver.models.CreateMode;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** azure.postgres.flexible.*: Azure Database for PostgreSQL flexible servers. */
final class PostgresActions {
    private PostgresActions() {}

    private static final Pattern SERVER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    abstract static class PgAction extends AzureAction {
        PgAction(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        ServersClient servers(ActionContext ctx, Args args) throws ActionException {
            return clients.postgres(clients.arm(ctx, args)).serviceClient().getServers();
        }

        ServerInner read(ActionContext ctx, ServersClient client, String rg, String name) throws ActionException {
            String what = where("PostgreSQL flexible server", name, rg);
            ServerInner s = call(ctx, what, () -> client.getByResourceGroup(rg, name));
            if (s == null) throw ActionException.permanent(spec.name() + ": not found: " + what);
            return s;
        }

        static Map<String, Object> describe(ServerInner s) {
            return map(
                    "state", str(s.state()),
                    "version", str(s.version()),
                    "earliestRestoreTime", s.backup() == null ? null : iso(s.backup().earliestRestoreDate()),
                    "backupRetentionDays", s.backup() == null ? null : asLong(s.backup().backupRetentionDays()),
                    "fqdn", s.fullyQualifiedDomainName(),
                    "sku", s.sku() == null ? null : s.sku().name(),
                    "tier", s.sku() == null ? null : str(s.sku().tier()),
                    "storageGb", s.storage() == null ? null : asLong(s.storage().storageSizeGB()),
                    "highAvailability", s.highAvailability() == null ? null : str(s.highAvailability().mode()),
                    "location", s.location(),
                    "id", s.id());
        }
    }

    static final class Get extends PgAction {
        Get(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            String rg = args.string("resourceGroup");
            String name = args.string("name");
            ServerInner s = read(ctx, servers(ctx, args), rg, name);
            Map<String, Object> out = describe(s);
            return new Result(out, where("PostgreSQL flexible server", name, rg) + ": " + out.get("state")
                    + ", PostgreSQL " + out.get("version") + ", restorable from " + out.get("earliestRestoreTime"));
        }
    }

    static final class Restore extends PgAction {
        Restore(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        private record Request(String resourceGroup, String source, String target, OffsetDateTime pointInTime) {
            static Request of(Args args) throws ActionException {
                String target = args.string("target").trim();
                if (!SERVER_NAME.matcher(target).matches()) {
                    throw ActionException.permanent("argument 'target' is not a valid server name: '" + target + "'",
                            "3-63 lower-case letters, digits and dashes, not starting or ending with a dash");
                }
                String source = args.string("source").trim();
                if (source.equals(target)) {
                    throw ActionException.permanent("target must differ from source ('" + source + "'): a restore creates a new server",
                            "name the new server, e.g. " + source + "-restore");
                }
                return new Request(args.string("resourceGroup"), source, target, instant(args.string("restorePointInTime")));
            }
        }

        static OffsetDateTime instant(String raw) throws ActionException {
            String s = raw.trim();
            try {
                return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(s).atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw ActionException.permanent("argument 'restorePointInTime' is not an ISO-8601 instant: '" + s + "'",
                            "write it like 2025-12-09T18:00:00Z");
                }
            }
        }

        /** Reads the source, checks the point in time and that the target does not exist yet. */
        private ServerInner check(ActionContext ctx, ServersClient client, Request r) throws ActionException {
            ServerInner source = read(ctx, client, r.resourceGroup(), r.source());
            OffsetDateTime earliest = source.backup() == null ? null : source.backup().earliestRestoreDate();
            if (earliest != null && r.pointInTime().isBefore(earliest)) {
                throw ActionException.permanent("restore point " + r.pointInTime().toInstant() + " is before the earliest restore time of "
                        + r.source() + " (" + earliest.toInstant() + ")", "pick a point in time after " + earliest.toInstant());
            }
            if (r.pointInTime().toInstant().isAfter(Instant.now())) {
                throw ActionException.permanent("restore point " + r.pointInTime().toInstant() + " is in the future");
            }
            String what = where("PostgreSQL flexible server", r.target(), r.resourceGroup());
            boolean exists = call(ctx, what, () -> {
                try {
                    return client.getByResourceGroup(r.resourceGroup(), r.target()) != null;
                } catch (HttpResponseException e) {
                    if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) return false;
                    throw e;
                }
            });
            if (exists) {
                throw ActionException.permanent("server '" + r.target() + "' already exists in resource group '" + r.resourceGroup()
                        + "': a restore never overwrites a server", "choose a new target name, e.g. " + r.source() + "-restore-"
                        + r.pointInTime().toLocalDate());
            }
            return source;
        }

        @Override
        public Plan plan(ActionContext ctx, Args args) throws ActionException {
            Request r = Request.of(args);
            ServersClient client = servers(ctx, args);
            ServerInner source = check(ctx, client, r);
            String location = args.optString("location").filter(s -> !s.isBlank()).orElse(source.location());
            List<String> details = new ArrayList<>();
            details.add("new server '" + r.target() + "' in " + location + ", restored from '" + r.source() + "' as of " + r.pointInTime().toInstant());
            details.add("the source server is not changed; point the application at the new server afterwards");
            details.add("a restore usually takes 10-60 minutes, depending on the size and the WAL to replay");
            Map<String, Object> predicted = map("name", r.target(), "state", "Ready",
                    "fqdn", r.target() + ".postgres.database.azure.com",
                    "id", source.id() == null ? null : source.id().substring(0, source.id().lastIndexOf('/') + 1) + r.target());
            return new Plan("restore " + r.source() + " as of " + r.pointInTime().toInstant() + " into new server " + r.target(),
                    map("sourceState", str(source.state()), "earliestRestoreTime", source.backup() == null ? null
                            : iso(source.backup().earliestRestoreDate())),
                    map("name", r.target(), "location", location), null, predicted, details);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            Request r = Request.of(args);
            ServersClient client = servers(ctx, args);
            ServerInner source = check(ctx, client, r);
            String location = args.optString("location").filter(s -> !s.isBlank()).orElse(source.location());
            ServerInner body = new ServerInner()
                    .withCreateMode(CreateMode.POINT_IN_TIME_RESTORE)
                    .withSourceServerResourceId(source.id())
                    .withPointInTimeUtc(r.pointInTime());
            body.withLocation(location);
            String what = where("PostgreSQL flexible server", r.target(), r.resourceGroup());
            var poller = call(ctx, what, () -> client.beginCreate(r.resourceGroup(), r.target(), body));
            ServerInner done = await(ctx, what, poller, pollInterval(args, Duration.ofSeconds(30)), "point-in-time restore");
            ServerInner now = done != null ? done : read(ctx, client, r.resourceGroup(), r.target());
            return new Result(map("name", now.name(), "state", str(now.state()), "fqdn", now.fullyQualifiedDomainName(), "id", now.id()),
                    "restored " + r.source() + " as of " + r.pointInTime().toInstant() + " into " + now.name() + " (" + now.state() + ")");
        }
    }
}
