package dev.runbook.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.secret.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the journal's verification catches, without a key (accidental damage) and with one (tampering by someone who
 * can edit the state folder but cannot read the key): a rewritten history, a forged last event that carries the
 * right {@code prev}, a deleted {@code head}; and that every mutating step's end is a durable point (head names it).
 */
class JournalTamperTest {
    @TempDir
    Path dir;

    static final JournalKey KEY = JournalKey.of("0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8));

    private void write(JournalKey key) {
        try (Journal j = Journal.create(dir, new Redactor(), Clock.systemUTC()).key(key)) {
            j.append(new RunEvent.RunStarted("r1", "rb", "t", "P1", "1h", "/x.yaml", "abc", Map.of("app", "api"), List.of(), "u", "h", "execute", 4));
            j.append(new RunEvent.StepStarted("a", "diagnose", "A", "fake.read", "read", 1, Map.of()));
            j.append(new RunEvent.StepFinished("a", "diagnose", StepStatus.SUCCEEDED, Map.of(), Map.of(), 5, null, null, null, null));
            j.append(new RunEvent.StepStarted("b", "resolve", "B", "fake.write", "write", 1, Map.of()));
            j.append(new RunEvent.StepFinished("b", "resolve", StepStatus.SUCCEEDED, Map.of("changed", true), Map.of(), 5, null, null, null, null));
            j.append(new RunEvent.RunFinished(RunOutcome.SUCCEEDED, 10, "done"));
        }
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(dir.resolve(Journal.FILE)));
    }

    private void rewrite(List<String> lines) throws Exception {
        Files.writeString(dir.resolve(Journal.FILE), String.join("\n", lines) + "\n");
    }

    @Test
    void the_end_of_a_mutating_step_is_a_durable_point() throws Exception {
        Journal j = Journal.create(dir, new Redactor(), Clock.systemUTC());
        j.append(new RunEvent.RunStarted("r1", "rb", "t", "P1", "1h", "/x.yaml", "abc", Map.of(), List.of(), "u", "h", "execute", 4));
        j.append(new RunEvent.StepStarted("b", "resolve", "B", "fake.write", "write", 1, Map.of()));
        j.append(new RunEvent.StepFinished("b", "resolve", StepStatus.SUCCEEDED, Map.of(), Map.of(), 5, null, null, null, null));
        assertThat(Files.readString(dir.resolve(Journal.HEAD))).as("head after a write step's end").startsWith("3 ");
        j.append(new RunEvent.StepStarted("a", "diagnose", "A", "fake.read", "read", 1, Map.of()));
        j.append(new RunEvent.StepFinished("a", "diagnose", StepStatus.SUCCEEDED, Map.of(), Map.of(), 5, null, null, null, null));
        assertThat(Files.readString(dir.resolve(Journal.HEAD))).as("a read step's end is not").startsWith("3 ");
        j.close();
    }

    @Test
    void a_keyed_journal_verifies_with_its_key_and_says_so_without_it() {
        write(KEY);
        JournalReader.Contents with = JournalReader.read(dir, KEY);
        assertThat(with.intact()).as(with.problems().toString()).isTrue();
        assertThat(with.entries()).hasSize(6);
        JournalReader.Contents without = JournalReader.read(dir);
        assertThat(without.intact()).as(without.problems().toString()).isTrue();
        assertThat(without.warnings()).anyMatch(w -> w.contains("keyed (HMAC-SHA256); set RUNBOOK_JOURNAL_KEY_FILE"));
        assertThat(JournalReader.read(dir, JournalKey.of("another-key-another-key".getBytes(StandardCharsets.UTF_8))).intact()).isFalse();
    }

    @Test
    void a_deleted_head_is_reported_with_or_without_a_key() throws Exception {
        for (JournalKey key : new JournalKey[] {null, KEY}) {
            Files.deleteIfExists(dir.resolve(Journal.FILE));
            write(key);
            Files.delete(dir.resolve(Journal.HEAD));
            assertThat(JournalReader.read(dir, key).problems()).as("key %s", key).anyMatch(p -> p.contains("the head file is missing"));
        }
    }

    /** An attacker rewrites the whole history without the key: the plain chain verifies, the keyed reader refuses it. */
    @Test
    void a_rewritten_history_is_detected_only_with_a_key() throws Exception {
        write(KEY);
        Files.delete(dir.resolve(Journal.FILE));
        Files.delete(dir.resolve(Journal.HEAD));
        try (Journal forged = Journal.create(dir, new Redactor(), Clock.systemUTC())) {
            forged.append(new RunEvent.RunStarted("r1", "rb", "t", "P1", "1h", "/x.yaml", "abc", Map.of("app", "api"), List.of(), "u", "h", "execute", 4));
            forged.append(new RunEvent.RunFinished(RunOutcome.FAILED, 10, "nothing happened"));
        }
        assertThat(JournalReader.read(dir).intact()).as("without a key a consistent rewrite verifies").isTrue();
        assertThat(JournalReader.read(dir, KEY).problems()).anyMatch(p -> p.contains("plain SHA-256 though RUNBOOK_JOURNAL_KEY_FILE is set"));
    }

    /** The last event replaced by a forged one that carries the right prev (and, without a key, a recomputed head). */
    @Test
    void a_forged_last_event_with_the_right_prev_is_detected_with_a_key() throws Exception {
        write(KEY);
        List<String> lines = lines();
        String last = lines.get(lines.size() - 1);
        lines.set(lines.size() - 1, last.replace("\"succeeded\"", "\"rolled-back\""));
        assertThat(lines.get(lines.size() - 1)).isNotEqualTo(last);
        rewrite(lines);
        assertThat(JournalReader.read(dir, KEY).problems()).anyMatch(p -> p.contains("does not match the recorded head hash"));

        // without a key the forger recomputes the head too, and nothing can tell
        Files.delete(dir.resolve(Journal.FILE));
        Files.delete(dir.resolve(Journal.HEAD));
        write(null);
        lines = lines();
        last = lines.get(lines.size() - 1);
        String forged = last.replace("\"succeeded\"", "\"rolled-back\"");
        lines.set(lines.size() - 1, forged);
        rewrite(lines);
        assertThat(JournalReader.read(dir).intact()).as("the head still names the real last event").isFalse();
        Files.writeString(dir.resolve(Journal.HEAD), lines.size() + " " + Journal.sha256(forged) + "\n");
        assertThat(JournalReader.read(dir).intact()).as("a forger who recomputes the head is not caught without a key").isTrue();
    }

    @Test
    void an_edited_middle_line_is_detected_with_and_without_a_key() throws Exception {
        for (JournalKey key : new JournalKey[] {null, KEY}) {
            Files.deleteIfExists(dir.resolve(Journal.FILE));
            Files.deleteIfExists(dir.resolve(Journal.HEAD));
            write(key);
            List<String> lines = lines();
            lines.set(4, lines.get(4).replace("true", "false"));
            rewrite(lines);
            assertThat(JournalReader.read(dir, key).intact()).as("key %s", key).isFalse();
        }
    }
}
