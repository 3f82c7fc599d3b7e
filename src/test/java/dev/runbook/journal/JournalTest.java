package dev.runbook.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.secret.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private void write(Redactor r) {
        try (Journal j = Journal.create(dir, r, Clock.systemUTC())) {
            j.append(new RunEvent.RunStarted("r1", "rb", "t", "P1", "1h", "/x.yaml", "abc", Map.of("app", "api"), List.of(), "u", "h", "execute", 4));
            j.append(new RunEvent.StepStarted("a", "diagnose", "A", "fake.read", "read", 1, Map.of("k", "v")));
            j.append(new RunEvent.StepProgress("a", "not journaled"));
            j.append(new RunEvent.StepFinished("a", "diagnose", StepStatus.SUCCEEDED, Map.of("n", 1L), Map.of(), 5, null, null, null, null));
            j.append(new RunEvent.StepStarted("b", "resolve", "B", "fake.write", "write", 1, Map.of()));
        }
    }

    @Test
    void durable_points_are_the_events_before_a_change_and_later_reads_still_verify() throws Exception {
        Journal j = Journal.create(dir, new Redactor(), Clock.systemUTC());
        j.append(new RunEvent.RunStarted("r1", "rb", "t", "P1", "1h", "/x.yaml", "abc", Map.of(), List.of(), "u", "h", "execute", 4));
        j.append(new RunEvent.StepStarted("a", "diagnose", "A", "fake.read", "read", 1, Map.of()));
        j.append(new RunEvent.StepFinished("a", "diagnose", StepStatus.SUCCEEDED, Map.of(), Map.of(), 5, null, null, null, null));
        assertThat(Files.readString(dir.resolve(Journal.HEAD))).as("a read step is not a durable point").startsWith("1 ");
        j.append(new RunEvent.StepStarted("b", "resolve", "B", "fake.write", "write", 1, Map.of()));
        assertThat(Files.readString(dir.resolve(Journal.HEAD))).as("a write step's start is fsynced with all before it").startsWith("4 ");
        j.append(new RunEvent.StepFinished("b", "resolve", StepStatus.SUCCEEDED, Map.of(), Map.of(), 5, null, null, null, null));
        // the process dies here without closing: the last event is on file but past the head
        JournalReader.Contents c = JournalReader.read(dir);
        assertThat(c.intact()).as(c.problems().toString()).isTrue();
        assertThat(c.entries()).hasSize(5);
        j.close();
    }

    @Test
    void a_head_that_does_not_match_the_event_it_names_is_reported() throws Exception {
        write(new Redactor());
        assertThat(JournalReader.read(dir).intact()).isTrue();
        Files.writeString(dir.resolve(Journal.HEAD), "3 " + "f".repeat(64) + "\n");
        assertThat(JournalReader.read(dir).problems()).anyMatch(p -> p.contains("event 3 does not match the recorded head hash"));
    }

    @Test
    void every_event_carries_the_hash_of_the_one_before_and_reads_back_intact() {
        write(new Redactor());
        JournalReader.Contents c = JournalReader.read(dir);
        assertThat(c.intact()).as(c.problems().toString()).isTrue();
        assertThat(c.entries()).extracting(JournalReader.Entry::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(c.events()).hasSize(4).noneMatch(e -> e instanceof RunEvent.StepProgress);
        RunHistory h = RunHistory.replay(c.events());
        assertThat(h.steps()).containsKey("a");
        assertThat(h.steps().get("a").outputs()).containsEntry("n", 1);
        assertThat(h.inDoubt()).containsExactly("b");
        assertThat(h.outcome()).isEmpty();
    }

    @Test
    void an_edited_line_is_detected() throws Exception {
        write(new Redactor());
        Path f = dir.resolve(Journal.FILE);
        String text = Files.readString(f).replace("\"app\":\"api\"", "\"app\":\"evil\"");
        Files.writeString(f, text);
        JournalReader.Contents c = JournalReader.read(dir);
        assertThat(c.intact()).isFalse();
        assertThat(c.problems()).anyMatch(p -> p.contains("line 2") && p.contains("edited"));
    }

    @Test
    void a_line_that_is_json_but_not_an_event_is_a_problem_and_replay_never_sees_a_step_event_without_its_step() throws Exception {
        // found by JournalFuzzTest: a JSON string crashed the reader (ClassCastException), and an undo.end or
        // step.accepted without "step" crashed the replay (NullPointerException in Map.copyOf)
        write(new Redactor());
        Path f = dir.resolve(Journal.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        for (String[] edit : new String[][] {{"\"a string\""}, {"[1, 2]"}, {"{\"type\":\"undo.end\",\"status\":\"DONE\"}"},
                {"{\"type\":\"rollback.start\",\"reason\":\"x\",\"undo\":[\"a\", null]}"},
                {"{\"type\":\"step.end\",\"step\":\"a\",\"phase\":\"diagnose\"}"}}) {
            List<String> edited = new ArrayList<>(lines);
            edited.add(2, edit[0]);
            Files.write(f, edited);
            JournalReader.Contents c = JournalReader.read(dir);
            assertThat(c.problems()).as(edit[0]).anyMatch(p -> p.contains("line 3 is not a known event"));
            assertThat(RunHistory.replay(c.events()).start()).isNotNull();
        }
    }

    @Test
    void a_list_or_map_left_out_of_a_line_reads_as_empty() throws Exception {
        // found by HistoryFuzzTest: runs show and report walked the null
        RunEvent e = EventCodec.event(EventCodec.parse("{\"type\":\"step.plan\",\"step\":\"a\",\"summary\":\"s\"}"));
        assertThat(e).isInstanceOfSatisfying(RunEvent.StepPlanned.class, p -> {
            assertThat(p.before()).isEmpty();
            assertThat(p.after()).isEmpty();
            assertThat(p.details()).isEmpty();
        });
    }

    @Test
    void a_removed_line_is_detected() throws Exception {
        write(new Redactor());
        Path f = dir.resolve(Journal.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.remove(1);
        Files.write(f, lines);
        assertThat(JournalReader.read(dir).problems()).anyMatch(p -> p.contains("removed or reordered"));
    }

    @Test
    void lines_cut_off_the_end_are_detected_through_the_head() throws Exception {
        write(new Redactor());
        Path f = dir.resolve(Journal.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.remove(lines.size() - 1);
        Files.write(f, lines);
        assertThat(JournalReader.read(dir).problems()).anyMatch(p -> p.contains("truncated"));
    }

    @Test
    void a_torn_last_line_from_a_crash_is_a_warning_and_reopening_cuts_it_off() throws Exception {
        write(new Redactor());
        Path f = dir.resolve(Journal.FILE);
        Files.write(f, "{\"seq\":5,\"ts\":\"x\",\"prev\":\"ab".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        JournalReader.Contents c = JournalReader.read(dir);
        assertThat(c.intact()).isTrue();
        assertThat(c.warnings()).anyMatch(w -> w.contains("incomplete"));
        try (Journal j = Journal.reopen(c, new Redactor(), Clock.systemUTC())) {
            j.append(new RunEvent.RunResumed("r1", "u", "h", "abc", false));
        }
        JournalReader.Contents again = JournalReader.read(dir);
        assertThat(again.intact()).as(again.problems().toString()).isTrue();
        assertThat(again.warnings()).isEmpty();
        assertThat(again.events()).last().isInstanceOf(RunEvent.RunResumed.class);
    }

    @Test
    void secrets_never_reach_the_file_even_when_escaped_in_json() throws Exception {
        Redactor r = new Redactor();
        r.add("s3cr\"et");
        try (Journal j = Journal.create(dir, r, Clock.systemUTC())) {
            j.append(new RunEvent.OperatorText("a", null, "the value is s3cr\"et"));
        }
        assertThat(Files.readString(dir.resolve(Journal.FILE))).doesNotContain("s3cr").contains("***");
        assertThat(JournalReader.read(dir).intact()).isTrue();
    }

    @Test
    @SuppressWarnings("try")
    void the_lock_refuses_a_second_holder_and_is_free_again_after_release() throws Exception {
        RunStore store = new RunStore(dir);
        try (RunLock first = store.lock("rb", Map.of("app", "api"), "run 1")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.lock("rb", Map.of("app", "api"), "run 2"))
                    .isInstanceOf(RunLock.Held.class).hasMessageContaining("run 1");
            try (RunLock other = store.lock("rb", Map.of("app", "web"), "run 3")) {
                assertThat(other).isNotNull();
            }
        }
        try (RunLock again = store.lock("rb", Map.of("app", "api"), "run 4")) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void the_state_directory_follows_the_option_then_the_environment() {
        assertThat(RunStore.locate(Path.of("/opt/s"), Map.of("RUNBOOK_STATE_DIR", "/e")).root()).isEqualTo(Path.of("/opt/s"));
        assertThat(RunStore.locate(null, Map.of("RUNBOOK_STATE_DIR", "/e", "XDG_STATE_HOME", "/x")).root()).isEqualTo(Path.of("/e"));
        assertThat(RunStore.locate(null, Map.of("XDG_STATE_HOME", "/x")).root()).isEqualTo(Path.of("/x/runbook"));
        assertThat(RunStore.locate(null, Map.of("HOME", "/home/u")).root()).isEqualTo(Path.of("/home/u/.local/state/runbook"));
    }
}
