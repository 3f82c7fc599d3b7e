package dev.runbook.action.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Simulated AWS and PostgreSQL behaviours the shipped library's scenarios rely on, driven through the real action specs. */
class LibraryBehavioursTest {
    private static final Catalogue CATALOGUE = Catalogue.standard();
    private static final String DB = "jdbc:postgresql://db.internal:5432/app?user=ops";

    private final SimClock clock = new SimClock(InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")), Double.POSITIVE_INFINITY);

    private SimWorld world(Map<ResourceId, Map<String, Object>> resources) {
        return new SimWorld(new SimSetup(resources, List.of(), Map.of(), Map.of()), clock);
    }

    private static SimAction action(String name, SimWorld w) {
        ActionSpec spec = CATALOGUE.spec(name).orElseThrow();
        return new SimAction(spec, w, Behaviours.forSpec(spec));
    }

    private TestContext ctx(String step) {
        return new TestContext(clock, step, Duration.ofMinutes(1));
    }

    private static Args args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Args.of(m);
    }

    @Test
    void a_simulated_restore_that_outlasts_its_step_is_unfinished_with_its_operation_reported_first() throws Exception {
        ResourceId source = new ResourceId("aws.rds", "orders");
        // the scenario says the provider takes 2 hours; the step waits 1 minute
        SimOverride slow = new SimOverride(Map.of(), Map.of(), null, Duration.ofHours(2), dev.runbook.model.SourcePosition.UNKNOWN);
        SimWorld w = new SimWorld(new SimSetup(Map.of(source, Map.of("status", "available")), List.of(), Map.of("restore", slow), Map.of()), clock);
        TestContext c = ctx("restore");
        Args restore = args("sourceCluster", "orders", "targetCluster", "orders-pitr", "useLatestRestorableTime", true);

        ActionException e = catchThrowableOfType(ActionException.class,
                () -> action("aws.rds.restore-cluster-to-point-in-time", w).execute(c, restore));

        assertThat(e.kind()).as("in doubt, not cancelled: the provider goes on").isEqualTo(ActionException.Kind.UNFINISHED);
        assertThat(c.accepted).singleElement().isEqualTo(e.operation());
        assertThat(e.operation().kind()).isEqualTo("aws.rds.restore");
        assertThat(e.operation().id()).isEqualTo("orders-pitr");
        assertThat(c.progress).containsExactly("the provider is working on the point-in-time restore of DB cluster orders into new cluster"
                + " orders-pitr (simulated 2h)");

        // a restore the provider refuses outright (its target exists) is never reported as accepted
        TestContext again = ctx("restore-again");
        w.update(new ResourceId("aws.rds", "orders-pitr"), Map.of("status", "available"), "test");
        catchThrowableOfType(ActionException.class, () -> action("aws.rds.restore-cluster-to-point-in-time", w).execute(again, restore));
        assertThat(again.accepted).isEmpty();
    }

    @Test
    void blocking_with_expect_clear_fails_transiently_until_the_root_blocker_is_terminated() throws Exception {
        ResourceId server = new ResourceId("postgres.server", "db.internal");
        SimWorld w = world(Map.of(server, Map.of("backends", List.of(
                Map.of("pid", 4242, "state", "idle in transaction", "xactSeconds", 900, "query", "ALTER TABLE vehicles ADD COLUMN vin text"),
                Map.of("pid", 5001, "state", "active", "querySeconds", 60, "blockedBy", 4242, "waitSeconds", 60)))));
        SimAction check = action("postgres.blocking", w);
        Args verify = args("connection", DB, "expectClear", true);

        ActionException still = catchThrowableOfType(ActionException.class, () -> check.execute(ctx("unblocked"), verify));
        assertThat(still.isTransient()).as("a retry polls").isTrue();
        assertThat(still.getMessage()).contains("still blocked", "4242");
        assertThat(check.execute(ctx("blocking"), args("connection", DB)).outputs()).as("a diagnose read never fails on what it finds")
                .containsEntry("blockedCount", 1L).containsEntry("rootBlocker", 4242L);

        action("postgres.terminate", w).execute(ctx("terminate-blocker"), args("connection", DB, "pid", 4242L));
        assertThat(check.execute(ctx("unblocked"), verify).outputs()).containsEntry("blockedCount", 0L);
    }

    @Test
    void rotating_a_secret_moves_the_staging_labels_and_clears_a_stuck_pending_version() throws Exception {
        ResourceId secret = new ResourceId("aws.secretsmanager", "fintech/db-credentials");
        SimWorld w = world(Map.of(secret, Map.of("currentVersion", "v1", "pendingVersion", "v2",
                "versions", Map.of("v0", List.of("AWSPREVIOUS"), "v1", List.of("AWSCURRENT"), "v2", List.of("AWSPENDING")))));
        Result r = action("aws.secretsmanager.rotate-secret", w).execute(ctx("rotate"), args("secret", "fintech/db-credentials"));

        String fresh = (String) r.outputs().get("newVersion");
        assertThat(r.outputs()).containsEntry("currentVersion", fresh).containsEntry("previousVersion", "v1");
        Map<String, Object> after = w.read(secret, false).orElseThrow();
        assertThat(after.get("pendingVersion")).isNull();
        assertThat(after.get("versions")).isEqualTo(Map.of("v1", List.of("AWSPREVIOUS"), fresh, List.of("AWSCURRENT")));
    }

    @Test
    void a_dynamodb_backup_plan_reads_the_tables_size_before_and_records_the_backup_under_its_own_name() throws Exception {
        ResourceId table = new ResourceId("aws.dynamodb", "fintech-sessions");
        SimWorld w = world(Map.of(table, Map.of("tableStatus", "ACTIVE", "itemCount", 1843220, "sizeBytes", 734003200)));
        SimAction backup = action("aws.dynamodb.create-backup", w);
        Args a = args("table", "fintech-sessions", "backupName", "session-pre-deploy-20240122");

        Plan p = backup.plan(ctx("backup"), a);
        assertThat(p.before()).containsEntry("tableStatus", "ACTIVE").containsEntry("itemCount", 1843220L).containsEntry("sizeBytes", 734003200L);
        backup.execute(ctx("backup"), a);
        assertThat(w.read(new ResourceId("aws.dynamodb.backup", "session-pre-deploy-20240122"), false).orElseThrow())
                .containsEntry("backupName", "session-pre-deploy-20240122").containsEntry("status", "AVAILABLE").doesNotContainKey("snapshot");
    }
}
