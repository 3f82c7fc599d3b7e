package dev.runbook.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testing.FixtureCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    /** Every check fixture (most with errors) three times over: well above the parallel threshold. */
    static List<Path> files() throws IOException {
        List<Path> one;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/check"))) {
            one = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<Path> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) all.addAll(one);
        return all;
    }

    static List<String> lines(List<FileReport> reports) {
        List<String> out = new ArrayList<>();
        for (FileReport r : reports) {
            out.add("== " + r.file() + " " + r.runbook().map(rb -> rb.id()).orElse("-"));
            r.diagnostics().forEach(d -> out.add(d.toString()));
        }
        return out;
    }

    @Test
    void parallel_validation_reports_the_same_as_serial_in_the_given_order() throws IOException {
        List<Path> files = files();
        assertThat(files.size()).isGreaterThan(Validator.PARALLEL_FROM * 2);
        Validator serial = new Validator(FixtureCatalogue.create(), 1);
        Validator parallel = new Validator(FixtureCatalogue.create(), 4);
        assertThat(parallel.threads(files.size())).isGreaterThan(1);

        List<FileReport> streamed = new ArrayList<>();
        parallel.validate(files, false, streamed::add);

        assertThat(streamed).extracting(FileReport::file).containsExactlyElementsOf(files);
        List<String> expected = lines(serial.validate(files, false).files());
        assertThat(lines(streamed)).containsExactlyElementsOf(expected);
        assertThat(expected).anyMatch(l -> l.contains(": error "));
    }

    /**
     * A folder's scenarios are checked against runbooks read once per run (not once per scenario): every report must be
     * what checking each scenario on its own gives, serial and parallel, with a broken runbook among them.
     */
    @Test
    void scenarios_checked_against_runbooks_read_once_report_as_when_checked_alone(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Path lib = tmp.resolve("runbooks");
        try (Stream<Path> s = Files.walk(Path.of("runbooks"))) {
            for (Path p : s.toList()) {
                Path to = lib.resolve(Path.of("runbooks").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
            }
        }
        Path broken = lib.resolve("service-down.yaml");
        Files.writeString(broken, Files.readString(broken).replaceFirst("uses: ", "uses: nosuch."));
        List<Path> files = Validator.expand(List.of(lib));
        dev.runbook.action.Catalogue catalogue = dev.runbook.action.Catalogue.standard();
        for (int threads : new int[] {1, 4}) {
            List<FileReport> reports = new ArrayList<>();
            new Validator(catalogue, threads).validate(files, false, reports::add);
            for (FileReport r : reports) {
                if (!dev.runbook.rehearse.ScenarioFiles.isScenario(r.file())) continue;
                List<dev.runbook.check.Diagnostic> alone = new ArrayList<>(dev.runbook.rehearse.ScenarioFiles.validate(r.file(), catalogue));
                alone.sort(dev.runbook.check.Diagnostic.ORDER);
                assertThat(r.diagnostics()).as("%s with %d threads", r.file(), threads).isEqualTo(alone);
            }
            assertThat(reports).filteredOn(r -> r.file().toString().contains("scenarios/service-down/"))
                    .allSatisfy(r -> assertThat(r.diagnostics()).anyMatch(d -> d.message().contains("has errors, so the scenario cannot be checked")));
        }
    }

    @Test
    void strict_turns_warnings_into_errors_in_parallel_too() throws IOException {
        List<Path> files = files();
        ValidationReport strict = new Validator(FixtureCatalogue.create(), 4).validate(files, true);
        assertThat(strict.warnings()).isZero();
        assertThat(strict.errors()).isEqualTo(new Validator(FixtureCatalogue.create(), 1).validate(files, false).files().stream()
                .mapToLong(f -> f.diagnostics().size()).sum());
    }

    @Test
    void a_small_batch_is_checked_on_the_calling_thread() {
        Validator v = new Validator(FixtureCatalogue.create(), 8);
        assertThat(v.threads(Validator.PARALLEL_FROM - 1)).isEqualTo(1);
        assertThat(v.threads(10_000)).isEqualTo(8);
        assertThat(new Validator(FixtureCatalogue.create(), 1).threads(10_000)).isEqualTo(1);
    }

    @Test
    void the_sink_runs_on_the_calling_thread_in_order() throws IOException {
        List<Path> files = files();
        Thread caller = Thread.currentThread();
        List<Path> seen = new ArrayList<>();
        new Validator(FixtureCatalogue.create(), 3).validate(files, false, r -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            seen.add(r.file());
        });
        assertThat(seen).containsExactlyElementsOf(files);
    }
}
