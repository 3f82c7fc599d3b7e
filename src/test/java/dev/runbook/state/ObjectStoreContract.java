package dev.runbook.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do: the one conformance suite, run against every store by a subclass (memory,
 * {@code dir:}, PostgreSQL, S3, Azure Blob). Every test works under a key namespace of its own, so backends whose
 * storage outlives one test (a database, a bucket) need no cleaning. Races run twice: eight machines (one store each,
 * opened separately) and eight threads sharing one store (a run and its heartbeat), through {@link StoreRace}, the code
 * {@code runbook state check} runs against a store before a team relies on it.
 */
public abstract class ObjectStoreContract {
    /** A store on the same storage as every other store this test class opens, as a second machine would open it. */
    protected abstract ObjectStore open() throws Exception;

    /** How many keys {@link #list_returns_every_key_across_pages} writes: enough to cross the backend's page size. */
    protected int manyKeys() {
        return 30;
    }

    /**
     * True where a version names the content rather than the write (S3's ETag is the MD5 of the bytes): writing the
     * same bytes again then gives the same version, and only a write of different bytes is seen as a change.
     */
    protected boolean versionsNameContent() {
        return false;
    }

    protected String ns;
    protected ObjectStore store;
    private final List<ObjectStore> opened = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void openStore() throws Exception {
        ns = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        store = track(open());
    }

    @AfterEach
    void closeStores() {
        for (ObjectStore s : opened) s.close();
        opened.clear();
    }

    protected ObjectStore track(ObjectStore s) {
        opened.add(s);
        return s;
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static String s(Optional<ObjectStore.Blob> blob) {
        return new String(blob.orElseThrow().bytes(), UTF_8);
    }

    @Test
    void a_missing_key_reads_as_empty() {
        assertThat(store.get(ns + "nothing")).isEmpty();
        assertThat(store.get(ns + "runs/none/meta.json")).isEmpty();
        assertThat(store.delete(ns + "runs/none/meta.json", null)).isFalse();
        assertThat(store.list(ns)).isEmpty();
        assertThat(store.list(ns + "runs/none/")).isEmpty();
    }

    @Test
    void a_journal_line_or_runbook_of_70_kb_comes_back_exactly() {
        byte[] all = new byte[70_000];
        for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 31);
        String v = store.createIfAbsent(ns + "runs/r1/runbook.yaml", all).orElseThrow();
        ObjectStore.Blob got = store.get(ns + "runs/r1/runbook.yaml").orElseThrow();
        assertThat(got.bytes()).isEqualTo(all);
        assertThat(got.version()).isEqualTo(v);
    }

    @Test
    void create_round_trips_any_bytes_and_the_version_it_returned() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) all[i] = (byte) i;
        String v = store.createIfAbsent(ns + "binary", all).orElseThrow();
        ObjectStore.Blob got = store.get(ns + "binary").orElseThrow();
        assertThat(got.bytes()).isEqualTo(all);
        assertThat(got.version()).isEqualTo(v);

        assertThat(store.createIfAbsent(ns + "empty", new byte[0])).isPresent();
        assertThat(store.get(ns + "empty").orElseThrow().bytes()).isEmpty();
    }

    @Test
    void create_if_absent_twice_the_second_gets_empty_and_the_first_content_stays() {
        String v = store.createIfAbsent(ns + "runs/r1/events/0000000001", b("first")).orElseThrow();
        assertThat(store.createIfAbsent(ns + "runs/r1/events/0000000001", b("second"))).isEmpty();
        assertThat(store.createIfAbsent(ns + "runs/r1/events/0000000001", b("first"))).isEmpty();
        assertThat(s(store.get(ns + "runs/r1/events/0000000001"))).isEqualTo("first");
        assertThat(store.get(ns + "runs/r1/events/0000000001").orElseThrow().version()).isEqualTo(v);
    }

    @Test
    void replace_with_the_current_version_wins_and_gives_a_new_version() {
        String v1 = store.createIfAbsent(ns + "locks/a.json", b("lease 1")).orElseThrow();
        String v2 = store.replaceIfMatch(ns + "locks/a.json", b("lease 2"), v1).orElseThrow();
        assertThat(v2).isNotEqualTo(v1);
        ObjectStore.Blob got = store.get(ns + "locks/a.json").orElseThrow();
        assertThat(new String(got.bytes(), UTF_8)).isEqualTo("lease 2");
        assertThat(got.version()).isEqualTo(v2);
    }

    @Test
    void replace_with_a_stale_version_gets_empty_and_changes_nothing() {
        String v1 = store.createIfAbsent(ns + "locks/a.json", b("lease 1")).orElseThrow();
        String v2 = store.replaceIfMatch(ns + "locks/a.json", b("lease 2"), v1).orElseThrow();
        assertThat(store.replaceIfMatch(ns + "locks/a.json", b("stale holder renews"), v1)).isEmpty();
        assertThat(s(store.get(ns + "locks/a.json"))).isEqualTo("lease 2");
        assertThat(store.get(ns + "locks/a.json").orElseThrow().version()).isEqualTo(v2);
    }

    @Test
    void replace_of_a_missing_key_gets_empty_and_creates_nothing() {
        String other = store.createIfAbsent(ns + "other", b("x")).orElseThrow();
        assertThat(store.replaceIfMatch(ns + "gone", b("y"), other)).isEmpty();
        assertThat(store.replaceIfMatch(ns + "gone", b("y"), "not-a-version-this-store-gave")).isEmpty();
        assertThat(store.get(ns + "gone")).isEmpty();
    }

    @Test
    void a_version_from_before_a_delete_does_not_match_the_key_created_again() {
        String old = store.createIfAbsent(ns + "locks/b.json", b("holder A")).orElseThrow();
        assertThat(store.delete(ns + "locks/b.json", old)).isTrue();
        assertThat(store.createIfAbsent(ns + "locks/b.json", b("holder B"))).isPresent();
        assertThat(store.replaceIfMatch(ns + "locks/b.json", b("holder A again"), old)).isEmpty();
        assertThat(s(store.get(ns + "locks/b.json"))).isEqualTo("holder B");
    }

    @Test
    void writing_the_same_bytes_again_gives_a_new_version_unless_versions_name_content() {
        String v1 = store.createIfAbsent(ns + "same", b("same")).orElseThrow();
        String v2 = store.replaceIfMatch(ns + "same", b("same"), v1).orElseThrow();
        if (versionsNameContent()) {
            assertThat(v2).as("a content version (ETag)").isEqualTo(v1);
        } else {
            assertThat(v2).isNotEqualTo(v1);
            assertThat(store.replaceIfMatch(ns + "same", b("same"), v1)).isEmpty();
        }
    }

    @Test
    void delete_is_conditional_on_the_version() {
        String v1 = store.createIfAbsent(ns + "locks/c.json", b("one")).orElseThrow();
        String v2 = store.replaceIfMatch(ns + "locks/c.json", b("two"), v1).orElseThrow();
        assertThat(store.delete(ns + "locks/c.json", v1)).isFalse();
        assertThat(s(store.get(ns + "locks/c.json"))).isEqualTo("two");
        assertThat(store.delete(ns + "locks/c.json", v2)).isTrue();
        assertThat(store.get(ns + "locks/c.json")).isEmpty();
        assertThat(store.delete(ns + "locks/c.json", v2)).isFalse();
    }

    @Test
    void delete_without_a_version_deletes_whatever_is_there_and_says_when_nothing_was() {
        store.createIfAbsent(ns + "locks/d.json", b("one")).orElseThrow();
        assertThat(store.delete(ns + "locks/d.json", null)).isTrue();
        assertThat(store.get(ns + "locks/d.json")).isEmpty();
        assertThat(store.delete(ns + "locks/d.json", null)).isFalse();
        assertThat(store.delete(ns + "never", "1")).isFalse();
    }

    @Test
    void list_returns_the_keys_under_a_prefix_sorted_and_nothing_else() {
        for (String k : List.of("runs/b/events/2", "locks/x.json", "runs/a/events/10", "runsx", "runs/a/events/1", "runs/a/run.yaml")) {
            store.createIfAbsent(ns + k, b(k)).orElseThrow();
        }
        assertThat(store.list(ns + "runs/")).containsExactly(ns + "runs/a/events/1", ns + "runs/a/events/10",
                ns + "runs/a/run.yaml", ns + "runs/b/events/2");
        assertThat(store.list(ns + "runs")).containsExactly(ns + "runs/a/events/1", ns + "runs/a/events/10",
                ns + "runs/a/run.yaml", ns + "runs/b/events/2", ns + "runsx");
        assertThat(store.list(ns + "runs/a/events/1")).containsExactly(ns + "runs/a/events/1", ns + "runs/a/events/10");
        assertThat(store.list(ns + "locks/")).containsExactly(ns + "locks/x.json");
        assertThat(store.list(ns + "nothing/")).isEmpty();
    }

    @Test
    void a_run_id_that_is_a_prefix_of_another_lists_only_its_own_keys() {
        for (int i = 12; i >= 1; i--) store.createIfAbsent(ns + String.format("runs/r1/events/%010d", i), b("e" + i)).orElseThrow();
        store.createIfAbsent(ns + "runs/r1/meta.json", b("{}")).orElseThrow();
        store.createIfAbsent(ns + "runs/r10/meta.json", b("{}")).orElseThrow();
        List<String> events = store.list(ns + "runs/r1/events/");
        assertThat(events).hasSize(12).isSorted();
        assertThat(events.get(0)).isEqualTo(ns + "runs/r1/events/0000000001");
        assertThat(store.list(ns + "runs/r1/")).doesNotContain(ns + "runs/r10/meta.json").contains(ns + "runs/r1/meta.json");
        assertThat(store.list(ns + "runs/")).contains(ns + "runs/r1/meta.json", ns + "runs/r10/meta.json");
    }

    @Test
    void list_returns_every_key_across_pages() throws Exception {
        int n = manyKeys();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) expected.add(ns + "many/" + String.format("%06d", i));
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<String>>> done = new ArrayList<>();
            for (String k : shuffled) done.add(pool.submit(() -> store.createIfAbsent(k, b("x"))));
            for (Future<Optional<String>> f : done) assertThat(f.get()).isPresent();
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list(ns + "many/")).containsExactlyElementsOf(expected);
    }

    @Test
    void keys_with_spaces_signs_and_non_ascii_letters_work_everywhere() {
        String key = ns + "locks/deploy api=prod, region=eu-west-1 + ü %2F ~.json";
        String v = store.createIfAbsent(key, b("lease")).orElseThrow();
        assertThat(s(store.get(key))).isEqualTo("lease");
        assertThat(store.list(ns + "locks/")).containsExactly(key);
        String v2 = store.replaceIfMatch(key, b("renewed"), v).orElseThrow();
        assertThat(store.delete(key, v2)).isTrue();
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void a_second_machine_sees_what_the_first_wrote() throws Exception {
        ObjectStore other = track(open());
        String v = store.createIfAbsent(ns + "runs/r9/events/0000000001", b("run.start")).orElseThrow();
        assertThat(other.get(ns + "runs/r9/events/0000000001").orElseThrow().version()).isEqualTo(v);
        assertThat(other.createIfAbsent(ns + "runs/r9/events/0000000001", b("other machine"))).isEmpty();
        assertThat(other.list(ns + "runs/")).containsExactly(ns + "runs/r9/events/0000000001");
    }

    @Test
    void eight_machines_racing_to_create_one_key_exactly_one_wins() throws Exception {
        creates(machines(), "machine");
    }

    @Test
    void eight_threads_sharing_one_store_racing_to_create_one_key_exactly_one_wins() {
        creates(Collections.nCopies(RACERS, store), "thread");
    }

    @Test
    void eight_machines_racing_to_replace_one_version_exactly_one_wins() throws Exception {
        replaces(machines(), "machine");
    }

    @Test
    void eight_threads_sharing_one_store_racing_to_replace_one_version_exactly_one_wins() {
        replaces(Collections.nCopies(RACERS, store), "thread");
    }

    static final int RACERS = 8;

    private void creates(List<ObjectStore> racers, String who) {
        for (int round = 0; round < 5; round++) {
            String key = ns + "race/create-" + round;
            StoreRace.Outcome o = StoreRace.creates(racers, key, i -> b(who + " " + i));
            assertThat(o.winners()).as("round %d: %s", round, o.results()).hasSize(1);
            assertThat(s(store.get(key))).isEqualTo(who + " " + o.winners().get(0));
            assertThat(store.get(key).orElseThrow().version()).isEqualTo(o.results().get(o.winners().get(0)).orElseThrow());
        }
    }

    private void replaces(List<ObjectStore> racers, String who) {
        for (int round = 0; round < 5; round++) {
            String key = ns + "race/replace-" + round;
            String v = store.createIfAbsent(key, b("lease of the holder that died")).orElseThrow();
            StoreRace.Outcome o = StoreRace.replaces(racers, key, v, i -> b("taken over by " + who + " " + i));
            assertThat(o.winners()).as("round %d: %s", round, o.results()).hasSize(1);
            assertThat(s(store.get(key))).isEqualTo("taken over by " + who + " " + o.winners().get(0));
        }
    }

    private List<ObjectStore> machines() throws Exception {
        List<ObjectStore> m = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) m.add(track(open()));
        return m;
    }
}
