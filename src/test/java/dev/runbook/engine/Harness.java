package dev.runbook.engine;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalReader;
import dev.runbook.model.Runbook;
import dev.runbook.secret.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs the engine on fake actions with a journal in a temporary directory. */
final class Harness {
    final FakeActions actions = new FakeActions();
    final Recorder recorder = new Recorder();
    final Redactor redactor = new Redactor();
    final Path dir;
    private int runs;

    Harness(Path dir) {
        this.dir = dir;
    }

    EngineOptions.Builder options() {
        return EngineOptions.builder().actions(actions).listener(recorder).redactor(redactor).workDir(dir)
                .environment(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    }

    RunResult run(Runbook rb, Mode mode) {
        return run(rb, mode, options(), Map.of());
    }

    RunResult run(Runbook rb, Mode mode, EngineOptions.Builder b) {
        return run(rb, mode, b, Map.of());
    }

    RunResult run(Runbook rb, Mode mode, EngineOptions.Builder b, Map<String, Object> params) {
        String id = "run-" + (++runs);
        Path runDir = dir.resolve(id);
        try (Journal j = Journal.create(runDir, redactor, Clock.systemUTC())) {
            return new Engine(b.build()).run(RunRequest.of(id, rb, mode, params), j);
        }
    }

    JournalReader.Contents journal(String runId) {
        return JournalReader.read(dir.resolve(runId));
    }
}
