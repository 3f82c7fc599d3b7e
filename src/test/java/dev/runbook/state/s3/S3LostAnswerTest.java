package dev.runbook.state.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.runbook.journal.JournalMirror;
import dev.runbook.state.Lease;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.SharedState;
import dev.runbook.state.StateUrl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-lock trap on the wire: a conditional PUT reaches S3 (S3Mock, through {@link SerialS3}) and takes effect, and
 * then its answer is lost (the connection closes before any status line). Resending the PUT would meet our own object
 * and take it for another machine's (412 against our own lock); instead the lease and the journal read the key back
 * and compare (lease id and expiry; the exact bytes of a journal line). Also the opposite: a PUT dropped before it
 * reached S3 is written again.
 */
class S3LostAnswerTest {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("team-state").build();
    static SerialS3 serial;
    static final Duration TTL = Duration.ofSeconds(60);

    @TempDir
    Path home;
    String prefix;
    ObjectStore store;
    ObjectStore other;

    @BeforeAll
    static void serial() {
        serial = SerialS3.inFrontOf(S3.getHttpPort());
    }

    @AfterAll
    static void stopSerial() {
        if (serial != null) serial.close();
    }

    static Map<String, String> env() {
        return Map.of("AWS_ENDPOINT_URL_S3", serial.endpoint(), "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test-key-id", "AWS_SECRET_ACCESS_KEY", "test-secret");
    }

    @BeforeEach
    void stores() {
        prefix = "lost-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        store = new S3Store(S3StoreFactory.client(env()), "team-state", prefix, 1000);
        other = new S3Store(S3StoreFactory.client(env()), "team-state", prefix, 1000);
    }

    @AfterEach
    void close() {
        serial.loseAnswers(null);
        serial.dropRequests(null);
        store.close();
        other.close();
    }

    long puts(String key) {
        return serial.seen().stream().filter(r -> r.method().equals("PUT") && r.path().endsWith("/" + prefix + key)).count();
    }

    static Lease.Record holder(String run, String user) {
        return Lease.Record.holder(run, "deploy", user, "laptop-" + user, 1, null);
    }

    @Test
    void a_lease_create_whose_answer_was_lost_is_read_back_and_held_not_refused_as_someone_elses() throws Exception {
        serial.loseAnswers(r -> r.method().equals("PUT") && r.path().endsWith("/locks/deploy.json") && "*".equals(r.header("If-None-Match")));
        Lease mine = Lease.acquire(store, "deploy", holder("r1", "alice"), TTL, Clock.systemUTC());
        serial.loseAnswers(null);
        assertThat(serial.lost()).isPositive();
        assertThat(puts("locks/deploy.json")).as("the create is never resent").isEqualTo(1);
        assertThat(Lease.read(other, "deploy")).contains(mine.record());
        assertThatThrownBy(() -> Lease.acquire(other, "deploy", holder("r2", "bob"), TTL, Clock.systemUTC()))
                .isInstanceOf(Lease.Held.class).hasMessageContaining("alice@laptop-alice");
        // and the version it adopted is the live one: a renewal goes through, a release removes it
        mine.renew();
        assertThat(mine.lost()).isEmpty();
        mine.close();
        assertThat(Lease.read(other, "deploy")).isEmpty();
    }

    @Test
    void a_renewal_whose_answer_was_lost_is_adopted_and_the_next_one_names_the_right_version() throws Exception {
        Lease mine = Lease.acquire(store, "deploy", holder("r1", "alice"), TTL, Clock.systemUTC());
        Thread.sleep(5); // a later expiry than the record written at acquire
        serial.loseAnswers(r -> r.method().equals("PUT") && r.header("If-Match") != null);
        mine.renew();
        serial.loseAnswers(null);
        assertThat(mine.lost()).as("not fenced by its own renewal").isEmpty();
        assertThat(Lease.read(other, "deploy")).contains(mine.record());
        mine.renew();
        assertThat(mine.lost()).isEmpty();
        assertThat(Lease.read(other, "deploy")).contains(mine.record());
        mine.close();
    }

    @Test
    void a_journal_append_whose_answer_was_lost_is_compared_byte_for_byte_and_not_taken_for_a_takeover() throws Exception {
        SharedState shared = new SharedState(store, StateUrl.parse("s3://team-state/" + prefix), home, Clock.systemUTC(), TTL);
        Lease lease = shared.lock("deploy", holder("r1", "alice"));
        try {
            JournalMirror m = shared.mirror("r1", lease);
            serial.loseAnswers(r -> r.method().equals("PUT") && r.path().contains("/runs/r1/events/"));
            m.append(1, "{\"seq\":1,\"type\":\"run.start\"}");
            m.append(2, "{\"seq\":2,\"type\":\"step.start\"}");
            serial.loseAnswers(null);
            assertThat(shared.fenced()).isEmpty();
            assertThat(puts("runs/r1/events/0000000001")).isEqualTo(1);
            assertThat(other.list("runs/r1/events/")).containsExactly("runs/r1/events/0000000001", "runs/r1/events/0000000002");
            assertThat(new String(other.get("runs/r1/events/0000000002").orElseThrow().bytes(), UTF_8)).contains("step.start");
        } finally {
            lease.close();
        }
    }

    @Test
    void a_lease_create_dropped_before_it_reached_s3_is_sent_again() throws Exception {
        serial.dropRequests(new java.util.function.Predicate<>() {
            boolean once = true;

            @Override
            public boolean test(SerialS3.Request r) {
                boolean hit = once && r.method().equals("PUT") && r.path().endsWith("/locks/deploy.json");
                if (hit) once = false;
                return hit;
            }
        });
        Lease mine = Lease.acquire(store, "deploy", holder("r1", "alice"), TTL, Clock.systemUTC());
        serial.dropRequests(null);
        assertThat(puts("locks/deploy.json")).isEqualTo(2);
        assertThat(Lease.read(other, "deploy")).contains(mine.record());
        mine.close();
    }
}
