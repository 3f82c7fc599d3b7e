package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** aws.route53.upsert-record: simple (non-alias, non-routing-policy) records only. */
final class Route53Actions {
    private Route53Actions() {}

    static final class UpsertRecord extends AwsAction {
        UpsertRecord(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        private record Request(String zone, String name, String type, List<String> values, long ttl) {}

        private static Request request(Args a) throws ActionException {
            String zone = a.string("hostedZoneId").trim().replaceFirst("^/?hostedzone/", "");
            String name = fqdn(a.string("name"));
            String type = a.optString("type").orElse("CNAME").toUpperCase(Locale.ROOT);
            if (!List.of("CNAME", "A", "AAAA", "TXT").contains(type)) {
                throw ActionException.permanent("argument 'type' must be CNAME, A, AAAA or TXT, got '" + type + "'");
            }
            List<String> values = a.strings("value").stream().map(String::trim).filter(v -> !v.isEmpty())
                    .map(v -> type.equals("TXT") && !v.startsWith("\"") ? "\"" + v.replace("\"", "\\\"") + "\"" : v).toList();
            if (values.isEmpty()) throw ActionException.permanent("argument 'value' is empty");
            if (type.equals("CNAME") && values.size() > 1) {
                throw ActionException.permanent("a CNAME record has exactly one value, got " + values.size());
            }
            long ttl = a.optInteger("ttl").orElse(60L);
            Values.intArg("ttl", ttl, 0, 2_147_483_647L);
            return new Request(zone, name, type, values, ttl);
        }

        static String fqdn(String n) {
            String s = n.trim().toLowerCase(Locale.ROOT);
            return s.endsWith(".") ? s : s + ".";
        }

        private static Route53Client client(AwsCall c) throws ActionException {
            return c.client("route53", Route53Client::builder, Region.AWS_GLOBAL.id());
        }

        private static Optional<ResourceRecordSet> current(AwsCall c, Request q) throws ActionException {
            Route53Client r53 = client(c);
            List<ResourceRecordSet> sets = c.aws("route53:ListResourceRecordSets", "hosted zone " + q.zone(),
                    () -> r53.listResourceRecordSets(b -> b.hostedZoneId(q.zone()).startRecordName(q.name())
                            .startRecordType(q.type()).maxItems("10").overrideConfiguration(c.timeout()))).resourceRecordSets();
            List<ResourceRecordSet> same = sets.stream()
                    .filter(s -> fqdn(s.name()).equals(q.name()) && s.typeAsString().equals(q.type())).toList();
            for (ResourceRecordSet s : same) {
                if (s.aliasTarget() != null || s.setIdentifier() != null) {
                    throw ActionException.permanent(q.name() + " " + q.type() + " is an alias or uses a routing policy ("
                            + (s.setIdentifier() != null ? "set " + s.setIdentifier() : "alias") + "); only simple records can be repointed here",
                            "change it in the Route 53 console or with aws route53 change-resource-record-sets");
                }
            }
            return same.stream().findFirst();
        }

        private static Object shown(List<String> values) {
            return values.size() == 1 ? values.get(0) : values;
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            Request q = request(c.args);
            Optional<ResourceRecordSet> old = current(c, q);
            List<String> oldValues = old.map(s -> s.resourceRecords().stream().map(ResourceRecord::value).toList()).orElse(List.of());
            String summary = old.isPresent()
                    ? "repoint " + q.name() + " " + q.type() + ": " + String.join(",", oldValues) + " -> " + String.join(",", q.values())
                            + " (TTL " + old.get().ttl() + " -> " + q.ttl() + ")"
                    : "create " + q.name() + " " + q.type() + " " + String.join(",", q.values()) + " (TTL " + q.ttl() + ")";
            return new Plan(summary,
                    map("exists", old.isPresent(), "value", oldValues.isEmpty() ? null : shown(oldValues),
                            "ttl", old.map(ResourceRecordSet::ttl).orElse(null)),
                    map("value", shown(q.values()), "ttl", q.ttl()),
                    c.args.string("name"),
                    map("changeId", "(pending)", "status", "INSYNC", "name", q.name(), "value", shown(q.values())),
                    List.of("hosted zone " + q.zone() + "; resolvers may keep the old answer for up to the old TTL"));
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            Request q = request(c.args);
            Route53Client r53 = client(c);
            String comment = "runbook " + c.ctx.runId() + " step " + c.ctx.stepId();
            Change upsert = Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(rs -> rs.name(q.name()).type(q.type())
                    .ttl(q.ttl()).resourceRecords(q.values().stream().map(v -> ResourceRecord.builder().value(v).build()).toList())).build();
            ChangeInfo info = c.aws("route53:ChangeResourceRecordSets", "hosted zone " + q.zone(),
                    () -> r53.changeResourceRecordSets(b -> b.hostedZoneId(q.zone()).overrideConfiguration(c.timeout())
                            .changeBatch(cb -> cb.comment(comment).changes(upsert))))
                    .changeInfo();
            if (c.args.bool("wait", true)) {
                Duration every = c.pollInterval(Duration.ofSeconds(5));
                int polls = 0;
                while (!"INSYNC".equals(info.statusAsString())) {
                    c.ctx.progress("change " + info.id() + " " + info.statusAsString() + " (poll " + ++polls + ")");
                    c.pause(every, "Route 53 change " + info.id() + " still " + info.statusAsString() + " after " + polls + " polls");
                    String id = info.id();
                    info = c.aws("route53:GetChange", "change " + id,
                            () -> r53.getChange(b -> b.id(id).overrideConfiguration(c.timeout()))).changeInfo();
                }
            }
            return new Result(map("changeId", info.id(), "status", info.statusAsString(), "name", q.name(), "value", shown(q.values())),
                    q.name() + " " + q.type() + " -> " + String.join(",", q.values()) + " (" + info.statusAsString() + ")");
        }

        @Override
        public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
            if (plan == null || !Boolean.TRUE.equals(plan.before().get("exists"))) return Optional.empty();
            Map<String, Object> with = map("hostedZoneId", args.get("hostedZoneId"), "name", args.get("name"),
                    "type", args.has("type") ? args.get("type") : "CNAME", "value", plan.before().get("value"),
                    "ttl", plan.before().get("ttl"));
            return Optional.of(new UndoHint("aws.route53.upsert-record", Values.sameAccount(args, with)));
        }
    }
}
