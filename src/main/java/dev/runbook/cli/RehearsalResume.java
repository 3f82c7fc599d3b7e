package dev.runbook.cli;

import dev.runbook.action.Catalogue;
import dev.runbook.action.sim.SimClock;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunService;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Runbook;
import dev.runbook.rehearse.Rehearsal;
import dev.runbook.rehearse.RehearsalPrinter;
import dev.runbook.rehearse.Scenario;
import dev.runbook.rehearse.ScenarioCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * {@code runbook resume ID} of a rehearsal: it goes on where it stopped, on the simulator. The scenario is staged again
 * from the runbook's scenarios, the simulated world brought to where the journal left it ({@link Rehearsal.Staged#replay}),
 * and the run resumed into the rehearsal's own journal with every action simulated: nothing reaches a cloud, as when
 * it started. It ends with the debrief of the whole rehearsal and the rehearsal's exit codes (0 followed the
 * expected path, 7 deviated).
 */
final class RehearsalResume {
    private RehearsalResume() {}

    private static void jumpTo(SimClock clock, String ts) {
        try {
            clock.jumpTo(java.time.Instant.parse(ts));
        } catch (java.time.format.DateTimeParseException | NullPointerException e) {
            // an unreadable time: the clock stays at now
        }
    }

    static int resume(RunSupport s, Catalogue catalogue, String id, boolean force) throws RunSupport.Stop, RunService.Refused {
        RunStore store = s.rehearsalStore();
        RunService.Resumable r = new RunService(store, Clock.systemUTC()).inspect(id);
        Path file = r.runbookFile();
        if (!Files.isRegularFile(file)) {
            throw new RunSupport.Stop(ExitCodes.FAILED, "rehearsal " + id + " ran " + file + ", which is gone; its scenarios live beside it,"
                    + " so it cannot go on: practise again with 'runbook rehearse'");
        }
        RunService.Source src = s.load(file);
        Runbook rb = src.runbook();
        String scenarioId = r.history().start().scenario();
        ScenarioCatalog.Loaded loaded = new ScenarioCatalog(file, catalogue).load(scenarioId, rb);
        loaded.diagnostics().forEach(s.err::println);
        Scenario sc = loaded.scenario().orElseThrow(() -> new RunSupport.Stop(ExitCodes.FAILED,
                "rehearsal " + id + " cannot go on: " + loaded.problem() + (loaded.hint() == null ? "" : "; " + loaded.hint())));
        boolean json = s.opts.format() == OutputFormat.JSON;
        boolean person = s.interactive && s.opts.answers == null;
        SimClock clock = new SimClock(InstantSource.system(), person ? RehearseCommand.TERMINAL_SPEED : Double.POSITIVE_INFINITY);
        List<String> times = r.journal().entries().stream().map(JournalReader.Entry::ts).toList();
        // the simulated world is made at the simulated time the rehearsal started, and replayed in its simulated time
        if (!times.isEmpty()) jumpTo(clock, times.get(0));
        RunService service = new RunService(store, RehearseCommand.journalClock(clock));
        // the scenario's values, as when it started (secrets included: a scenario's are made up)
        Map<String, Object> values = Rehearsal.parameters(sc, rb);
        rb.parameters().values().stream().filter(p -> p.secret() && values.get(p.name()) != null)
                .forEach(p -> s.redactor.add(String.valueOf(values.get(p.name()))));
        if (!json) s.out.print(ResumeCommand.whereItStopped(r, rb));
        s.earlier(r.journal().events());
        if (!r.journal().entries().isEmpty()) {
            try {
                s.firstStart(java.time.Instant.parse(r.journal().entries().get(0).ts()));
            } catch (java.time.format.DateTimeParseException e) {
                // an unreadable time: the response clock starts now
            }
        }
        Rehearsal.Staged staged = Rehearsal.stage(sc, catalogue,
                s.renderClock(clock).options(rb, person ? Answers.NONE : Rehearsal.answers(sc, rb, catalogue)), clock)
                .replay(id, r.journal().events(), times, clock);
        // it goes on where it stopped, in simulated time (the time it lay stopped does not count)
        if (!times.isEmpty()) jumpTo(clock, times.get(times.size() - 1));
        RehearsalPrinter printer = new RehearsalPrinter(json ? s.err : s.out, s.columns());
        printer.header(sc, clock.speed());
        RunResult result = service.resume(r, src, force, values, staged.options(), s.onEngine());
        Rehearsal.Run done = staged.finish(result);
        return RehearseCommand.debrief(s, printer, done, result.runId(), store.runDir(result.runId()).resolve(Journal.FILE));
    }
}
