package dev.runbook.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseTest {
    static final Duration TTL = Duration.ofSeconds(60);
    final TestClock clock = new TestClock(Instant.parse("2026-01-01T12:00:00Z"));
    final MemoryStore store = new MemoryStore("memory:test");

    static Lease.Record alice(String run) {
        return Lease.Record.holder(run, "api-down", "alice", "laptop-a", 101, "aws profile prod");
    }

    static Lease.Record bob(String run) {
        return Lease.Record.holder(run, "api-down", "bob", "laptop-b", 202, null);
    }

    @Test
    void acquire_writes_a_record_naming_the_holder() throws Exception {
        Lease l = Lease.acquire(store, "api-down-abc", alice("r1"), TTL, clock);
        Lease.Record r = Lease.read(store, "api-down-abc").orElseThrow();
        assertThat(r).isEqualTo(l.record());
        assertThat(r.runId()).isEqualTo("r1");
        assertThat(r.who()).isEqualTo("alice@laptop-a");
        assertThat(r.identity()).isEqualTo("aws profile prod");
        assertThat(r.expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:01:00Z"));
        assertThat(l.previous()).isNull();
        assertThat(l.lost()).isEmpty();
        assertThat(store.list("locks/")).containsExactly("locks/api-down-abc.json");
    }

    @Test
    void a_second_holder_is_refused_naming_the_first() throws Exception {
        Lease first = Lease.acquire(store, "k", alice("r1"), TTL, clock);
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> Lease.acquire(store, "k", bob("r2"), TTL, clock))
                .isInstanceOf(Lease.Held.class)
                .hasMessageContaining("alice@laptop-a").hasMessageContaining("run r1")
                .hasMessageContaining("lease expires 2026-01-01T12:01:00Z").hasMessageContaining(first.record().leaseId());
    }

    @Test
    void an_expired_lease_is_taken_over_and_its_holder_is_fenced_at_its_next_renewal() throws Exception {
        Lease first = Lease.acquire(store, "k", alice("r1"), TTL, clock);
        clock.advance(Duration.ofSeconds(61));
        Lease second = Lease.acquire(store, "k", bob("r2"), TTL, clock);
        assertThat(second.previous().leaseId()).isEqualTo(first.record().leaseId());
        assertThat(Lease.read(store, "k").orElseThrow().runId()).isEqualTo("r2");
        first.renew();
        assertThat(first.lost()).get().asString().contains("could not be renewed", "this machine stops");
        // the fenced holder gives back nothing: the lock is bob's
        first.close();
        assertThat(Lease.read(store, "k")).get().extracting(Lease.Record::runId).isEqualTo("r2");
        second.close();
        assertThat(Lease.read(store, "k")).isEmpty();
    }

    @Test
    void renewal_moves_the_expiry_and_keeps_the_lease_id() throws Exception {
        Lease l = Lease.acquire(store, "k", alice("r1"), TTL, clock);
        String id = l.record().leaseId();
        clock.advance(Duration.ofSeconds(15));
        l.renew();
        assertThat(l.record().expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:01:15Z"));
        assertThat(Lease.read(store, "k").orElseThrow().leaseId()).isEqualTo(id);
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> Lease.acquire(store, "k", bob("r2"), TTL, clock)).isInstanceOf(Lease.Held.class);
    }

    @Test
    void a_lost_answer_to_the_create_is_read_back_and_the_lock_is_ours_not_a_self_lock() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        flaky.loseNext = 1;
        Lease l = Lease.acquire(flaky, "k", alice("r1"), TTL, clock);
        assertThat(Lease.read(store, "k").orElseThrow().leaseId()).isEqualTo(l.record().leaseId());
        // and the version it adopted is the real one: a renewal succeeds
        clock.advance(Duration.ofSeconds(15));
        l.renew();
        assertThat(l.lost()).isEmpty();
        assertThat(Lease.read(store, "k").orElseThrow().expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:01:15Z"));
    }

    @Test
    void a_create_lost_before_it_was_written_is_tried_again() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        flaky.dropNext = 1;
        Lease l = Lease.acquire(flaky, "k", alice("r1"), TTL, clock);
        assertThat(flaky.writes).isEqualTo(2);
        assertThat(Lease.read(store, "k").orElseThrow().leaseId()).isEqualTo(l.record().leaseId());
    }

    @Test
    void a_lost_answer_to_a_takeover_is_read_back() throws Exception {
        Lease.acquire(store, "k", alice("r1"), TTL, clock);
        clock.advance(Duration.ofMinutes(2));
        FlakyStore flaky = new FlakyStore(store);
        flaky.loseNext = 1;
        Lease l = Lease.acquire(flaky, "k", bob("r2"), TTL, clock);
        assertThat(Lease.read(store, "k").orElseThrow().leaseId()).isEqualTo(l.record().leaseId());
    }

    @Test
    void a_lost_answer_to_a_renewal_is_settled_by_reading_back() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        Lease l = Lease.acquire(flaky, "k", alice("r1"), TTL, clock);
        clock.advance(Duration.ofSeconds(15));
        flaky.loseNext = 1;
        l.renew();
        assertThat(l.lost()).isEmpty();
        clock.advance(Duration.ofSeconds(15));
        flaky.dropNext = 1;
        l.renew(); // not written: the record still shows the earlier renewal, which is ours
        assertThat(l.lost()).isEmpty();
        l.renew();
        assertThat(Lease.read(store, "k").orElseThrow().expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:01:30Z"));
    }

    @Test
    void a_holder_that_cannot_renew_stops_a_quarter_ttl_before_expiry() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        Lease l = Lease.acquire(flaky, "k", alice("r1"), TTL, clock);
        flaky.down = true;
        clock.advance(Duration.ofSeconds(15));
        l.renew();
        clock.advance(Duration.ofSeconds(15));
        l.renew();
        clock.advance(Duration.ofSeconds(14));
        assertThat(l.lost()).isEmpty();
        clock.advance(Duration.ofSeconds(1)); // 45 s: expiry (60 s) minus TTL/4
        assertThat(l.lost()).get().asString().contains("could not be renewed since 2026-01-01T12:00:00Z",
                "may take the run over from 2026-01-01T12:01:00Z");
        // back online is too late: the holder stays stopped only by its own rule, a later renewal does not revive it
        flaky.down = false;
        l.renew();
        assertThat(l.lost()).isPresent();
        assertThat(Lease.read(store, "k").orElseThrow().expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:01:00Z"));
    }

    @Test
    void force_takes_only_the_live_lease_that_was_confirmed_and_an_unfinished_expired_one_only_when_allowed() throws Exception {
        Lease first = Lease.acquire(store, "k", alice("r1"), TTL, clock);
        assertThatThrownBy(() -> Lease.takeover(store, "k", bob("r1"), TTL, clock, "another-lease-id"))
                .isInstanceOf(Lease.Held.class).matches(e -> !((Lease.Held) e).expired());
        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> Lease.acquire(store, "k", bob("r2"), TTL, clock, r -> false))
                .isInstanceOf(Lease.Held.class).hasMessageContaining("lease expired 2026-01-01T12:01:00Z")
                .matches(e -> ((Lease.Held) e).expired() && ((Lease.Held) e).holder().leaseId().equals(first.record().leaseId()));
        assertThat(Lease.read(store, "k").orElseThrow().runId()).isEqualTo("r1");
        assertThat(Lease.acquire(store, "k", bob("r2"), TTL, clock, r -> r.runId().equals("r1")).previous().runId()).isEqualTo("r1");
    }

    @Test
    void force_takes_a_live_lease() throws Exception {
        Lease first = Lease.acquire(store, "k", alice("r1"), TTL, clock);
        Lease second = Lease.takeover(store, "k", bob("r1"), TTL, clock, first.record().leaseId());
        assertThat(second.previous().who()).isEqualTo("alice@laptop-a");
        clock.advance(Duration.ofSeconds(15));
        first.renew();
        assertThat(first.lost()).get().asString().contains("run r1 was taken over by bob@laptop-b at 2026-01-01T12:00:00Z", "this machine stops");
    }

    @Test
    void an_unlock_fences_the_holder() throws Exception {
        Lease l = Lease.acquire(store, "k", alice("r1"), TTL, clock);
        assertThat(store.delete(Lease.key("k"), null)).isTrue();
        l.renew();
        assertThat(l.lost()).get().asString().contains("removed (runbook unlock)");
    }

    @Test
    void an_unreadable_record_is_corrupt_with_what_to_do() {
        store.createIfAbsent(Lease.key("k"), "not json".getBytes());
        assertThatThrownBy(() -> Lease.acquire(store, "k", alice("r1"), TTL, clock))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT))
                .hasMessageContaining("runbook unlock");
    }
}
