package dev.runbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals written by main at e5e5cf4, before the engine's vocabulary became types (gate answers and where they came
 * from, error kinds, undo statuses were strings in {@link RunEvent}), read by this build. They were recorded by real
 * runs of that build's launcher (src/test/resources/journal/main-e5e5cf4: the runbooks and answer files are beside
 * them): {@code vocabulary.yaml} with {@code --approve a --yes --answers answers.yaml --no-input} (a finding, a
 * timeout, approvals by --approve and --yes, a skip by --answers, a verify failing into a rollback whose first undo
 * fails), and {@code crash.yaml}, whose step kill -9'd the runbook process, resumed with {@code --answers indoubt.yaml}.
 */
class JournalCompatibilityTest {
    static final Path FIXTURES = fixtures();
    static final Path VOCABULARY = FIXTURES.resolve("20261207-154023-vocabulary-e068");
    static final Path CRASH = FIXTURES.resolve("20261207-154036-crash-0f3b");

    @TempDir
    Path tmp;

    private static Path fixtures() {
        try {
            return Path.of(JournalCompatibilityTest.class.getResource("/journal/main-e5e5cf4").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_journal_of_main_reads_intact_with_every_word_as_its_type() {
        JournalReader.Contents c = JournalReader.read(VOCABULARY);
        assertThat(c.problems()).isEmpty();
        assertThat(c.intact()).isTrue();
        List<RunEvent> events = c.events();
        assertThat(events).filteredOn(RunEvent.GateAnswered.class::isInstance).map(RunEvent.GateAnswered.class::cast)
                .extracting(g -> g.step() + " " + g.answer().name() + " " + g.via().name())
                .containsExactly("a APPROVE APPROVE", "b APPROVE YES", "c SKIP ANSWERS");
        assertThat(events).filteredOn(RunEvent.StepFinished.class::isInstance).map(RunEvent.StepFinished.class::cast)
                .filteredOn(f -> f.status() == StepStatus.FAILED)
                .extracting(f -> f.step() + " " + f.errorKind())
                .containsExactly("look TRANSIENT", "slow TIMEOUT", "check TRANSIENT");
        assertThat(events).filteredOn(RunEvent.StepFinished.class::isInstance).map(RunEvent.StepFinished.class::cast)
                .filteredOn(f -> f.status() == StepStatus.SUCCEEDED).extracting(RunEvent.StepFinished::errorKind).containsOnlyNulls();
        assertThat(events).filteredOn(RunEvent.FailureChoice.class::isInstance).map(RunEvent.FailureChoice.class::cast)
                .extracting(f -> f.step() + " " + f.choice() + " " + f.via()).containsExactly("check rollback onFailure");
        assertThat(events).filteredOn(RunEvent.UndoFinished.class::isInstance).map(RunEvent.UndoFinished.class::cast)
                .extracting(u -> u.step() + " " + u.status()).containsExactly("b FAILED", "a UNDONE");
        RunEvent.RunFinished end = (RunEvent.RunFinished) events.get(events.size() - 1);
        assertThat(end.outcome()).isEqualTo(RunOutcome.ROLLBACK_FAILED);
        // written before run.end named the steps that stopped it: renderers list every failure (documented fallback)
        assertThat(end.causes()).isEmpty();

        JournalReader.Contents crash = JournalReader.read(CRASH);
        assertThat(crash.intact()).isTrue();
        assertThat(crash.events()).filteredOn(RunEvent.InDoubtDecision.class::isInstance).map(RunEvent.InDoubtDecision.class::cast)
                .extracting(d -> d.step() + " " + d.decision() + " " + d.via()).containsExactly("x rerun --answers");
        RunHistory h = RunHistory.replay(crash.events());
        assertThat(h.outcome()).contains(RunOutcome.SUCCEEDED);
    }

    @Test
    void every_event_of_main_is_written_back_as_main_wrote_it() throws IOException {
        for (Path dir : List.of(VOCABULARY, CRASH)) {
            for (String line : Files.readAllLines(dir.resolve(Journal.FILE))) {
                ObjectNode original = (ObjectNode) EventCodec.parse(line);
                RunEvent event = EventCodec.event(original);
                JsonNode again = EventCodec.parse(EventCodec.JSON.writeValueAsString(event));
                for (Iterator<String> names = original.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (List.of("seq", "ts", "prev").contains(name)) continue;
                    assertThat(again.get(name)).as(dir.getFileName() + " " + original.path("type").asText() + "." + name)
                            .isEqualTo(original.get(name));
                }
            }
        }
    }

    @Test
    void an_unknown_word_is_a_plain_error_naming_the_field_and_the_words_known() throws IOException {
        for (String[] c : new String[][] {
                {"\"via\":\"--approve\"", "\"via\":\"carrier-pigeon\"", "gate.answer with via 'carrier-pigeon', which this version of runbook does not know (it knows: terminal, --yes, --approve, --answers, non-interactive, automatic (read step), onFailure)"},
                {"\"answer\":\"skip\"", "\"answer\":\"later\"", "gate.answer with answer 'later', which this version of runbook does not know (it knows: approve, skip, abort)"},
                {"\"errorKind\":\"TIMEOUT\"", "\"errorKind\":\"QUOTA\"", "step.end with errorKind 'QUOTA', which this version of runbook does not know (it knows: TRANSIENT, PERMANENT, TIMEOUT, CANCELLED, UNFINISHED)"},
                {"\"status\":\"undone\"", "\"status\":\"half-undone\"", "undo.end with status 'half-undone', which this version of runbook does not know (it knows: undone, none, unconfirmed, failed, planned)"},
                {"\"via\":\"onFailure\"", "\"via\":\"a-newer-policy\"", "failure.choice with via 'a-newer-policy'"}}) {
            String line = Files.readAllLines(VOCABULARY.resolve(Journal.FILE)).stream().filter(l -> l.contains(c[0])).findFirst().orElseThrow();
            String edited = line.replace(c[0], c[1]);
            assertThatThrownBy(() -> EventCodec.event(EventCodec.parse(edited))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(c[2]);

            // in a journal: that line is reported (with the chain it broke), the events before it are read, nothing throws
            Path dir = Files.createDirectories(tmp.resolve(c[1].replaceAll("[^a-zA-Z-]", "")));
            List<String> lines = new ArrayList<>(Files.readAllLines(VOCABULARY.resolve(Journal.FILE)));
            int at = lines.indexOf(line);
            lines.set(at, edited);
            Files.write(dir.resolve(Journal.FILE), lines);
            JournalReader.Contents read = JournalReader.read(dir);
            assertThat(read.intact()).isFalse();
            assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("line " + (at + 1) + " is not a known event: " + c[2]));
            assertThat(read.events()).hasSize(at);
        }
    }

    @Test
    void the_fixtures_are_what_the_test_says_they_are() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "20261207-154023-vocabulary-e068", "20261207-154036-crash-0f3b", "answers.yaml", "crash.yaml", "indoubt.yaml", "vocabulary.yaml");
        }
        assertThat(Files.readString(VOCABULARY.resolve(RunStore.RUNBOOK_COPY))).isEqualTo(Files.readString(FIXTURES.resolve("vocabulary.yaml")));
        assertThat(Files.readString(CRASH.resolve(RunStore.RUNBOOK_COPY))).isEqualTo(Files.readString(FIXTURES.resolve("crash.yaml")));
    }
}
