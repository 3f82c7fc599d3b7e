package dev.runbook.cli;

import dev.runbook.action.sim.SimClock;
import dev.runbook.history.Incidents;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunService;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.Journal;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Runbook;
import dev.runbook.rehearse.Rehearsal;
import dev.runbook.rehearse.RehearsalPrinter;
import dev.runbook.rehearse.Scenario;
import dev.runbook.parse.InputFiles;
import dev.runbook.rehearse.ScenarioCatalog;
import dev.runbook.rehearse.ScenarioParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Practise a runbook against a simulated cloud: the same engine, gates, terminal and journal as exec, every action",
            "simulated from a scenario (runbooks/scenarios/NAME/*.yaml), then a debrief against the expected path. Nothing leaves the machine.",
            "At a terminal you answer the gates; without one (or with --answers / --no-input) the scenario's answers play the operator."},
        footer = {"", "Exit codes: 0 followed the expected path, 7 deviated from it, 1 bad runbook or scenario, 2 usage error,",
            "130 interrupted (go on with: runbook resume ID, on the simulator)."})
final class RehearseCommand implements Callable<Integer> {
    /** Waits pass this many times faster at a terminal: a 30 s retry delay takes 3 s, long enough to see it. */
    /**
     * A rehearsal's journal is written in its simulated time (each {@code ts} is the simulator's clock), so that a resume
     * can bring the simulated world back to the time each event happened (timed world changes keep their countdown) and
     * the response clock goes on in simulated time.
     */
    static Clock journalClock(SimClock clock) {
        return clock.withZone(java.time.ZoneOffset.UTC);
    }

    static final double TERMINAL_SPEED = 10;

    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Runbook name or path.", completionCandidates = RunbookNames.class)
    String name;

    @Option(names = "--scenario", paramLabel = "FILE|NAME", description = "Scenario to run (default: the runbook's first, by name).")
    String scenario;

    @Option(names = "--speed", paramLabel = "N|max", completionCandidates = Candidates.Speeds.class, description = "Simulated waits pass N times faster; 'max' does not wait (default: 10 at a terminal, else max).")
    String speed;

    @Option(names = "--incident", paramLabel = "ID", description = "Tag the rehearsal with an incident or drill id (e.g. DRILL-7); 'runbook runs --incident ID' finds it.")
    String incident;

    @Option(names = "--list-scenarios", description = "List the runbook's scenarios and exit.")
    boolean list;

    @Mixin
    RunOptions run = new RunOptions();

    private final Supplier<Terminal> terminals;

    RehearseCommand() {
        this(RunSupport::systemTerminal);
    }

    RehearseCommand(Supplier<Terminal> terminals) {
        this.terminals = terminals;
    }

    @Override
    public Integer call() throws Exception {
        Path file = Runbooks.locate(root, name);
        ScenarioCatalog scenarios = new ScenarioCatalog(file, root.catalogue());
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            if (run.format() == OutputFormat.JSON) {
                com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                for (Scenario sc : scenarios.list()) {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("schemaVersion", dev.runbook.ui.JsonRenderer.SCHEMA_VERSION);
                    m.put("type", "scenario");
                    m.put("scenario", sc.id());
                    m.put("runbook", sc.runbook());
                    m.put("description", sc.description() == null ? null : sc.description().strip());
                    out.println(json.writeValueAsString(m));
                }
            } else {
                scenarios.list().forEach(s -> out.println(s.id() + (s.description() == null ? "" : "  " + s.description().strip().lines().findFirst().orElse(""))));
            }
            out.flush();
            return ExitCodes.OK;
        }
        double factor = speed(speed);
        try (RunSupport s = new RunSupport(run, out, spec.commandLine().getErr(), root.env(), terminals)
                .catalogue(root.catalogue()).noColor(root.noColor()).sdkLogging(root.debug())) {
            if (incident != null && !Incidents.valid(incident)) throw CliException.usage(Incidents.problem(incident), null);
            RunService.Source src = s.load(file);
            Runbook rb = src.runbook();
            if (scenario != null && InputFiles.present(Path.of(scenario))) {
                InputFiles.problem(Path.of(scenario), ScenarioParser.MAX_BYTES, "a scenario").ifPresent(p -> {
                    throw CliException.usage("--scenario: cannot use " + p.getMessage(), "name a scenario file or a scenario of the runbook");
                });
            }
            ScenarioCatalog.Loaded loaded = scenarios.load(scenario, rb);
            loaded.diagnostics().forEach(s.err::println);
            Scenario sc = loaded.scenario().orElseThrow(() -> new CliException(ExitCodes.FAILED, loaded.problem(), loaded.hint()));
            boolean person = s.interactive && run.answers == null;
            SimClock clock = new SimClock(InstantSource.system(), Double.isNaN(factor) ? (person ? TERMINAL_SPEED : Double.POSITIVE_INFINITY) : factor);
            Map<String, Object> params = Rehearsal.parameters(sc, rb);
            rb.parameters().values().stream().filter(p -> p.secret() && params.get(p.name()) != null).forEach(p -> s.redactor.add(String.valueOf(params.get(p.name()))));
            // the person at the terminal answers every gate; nobody there: the scenario's answers (or --answers) do
            RunStore store = s.rehearsalStore();
            Rehearsal.Staged staged = Rehearsal.stage(sc, root.catalogue(),
                    s.renderClock(clock).options(rb, person ? Answers.NONE : Rehearsal.answers(sc, rb, root.catalogue())), clock);
            RehearsalPrinter printer = new RehearsalPrinter(run.format() == OutputFormat.JSON ? s.err : s.out, s.columns());
            printer.header(sc, clock.speed());
            RunResult result = new RunService(store, journalClock(clock)).rehearse(src, sc.id(), params, staged.options(), s.onEngine(), incident);
            Rehearsal.Run done = staged.finish(result);
            Path journal = store.runDir(result.runId()).resolve(Journal.FILE);
            return debrief(s, printer, done, result.runId(), journal);
        } catch (RunSupport.Stop e) {
            throw new CliException(e.code, e.getMessage(), null);
        } catch (RunService.Refused e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage(), null);
        }
    }

    /**
     * The debrief, and the exit code: 0 followed the expected path, 7 deviated. An interrupted rehearsal is not judged
     * yet: it says how to go on ({@code runbook resume ID}, on the simulator) and exits 130.
     */
    static int debrief(RunSupport s, RehearsalPrinter printer, Rehearsal.Run done, String runId, Path journal) {
        boolean interrupted = done.result().outcome() == dev.runbook.journal.RunOutcome.INTERRUPTED;
        if (s.opts.format() == OutputFormat.JSON) {
            // stdout carries only NDJSON: the debrief is an event of the stream, the briefing went to stderr
            s.json().event("rehearsal.debrief", debriefFields(done.debrief(), runId, journal));
        } else if (interrupted) {
            s.out.println();
            s.out.println("REHEARSAL INTERRUPTED — scenario " + done.debrief().scenario() + ": not judged yet");
            s.out.println("  go on where it stopped (on the simulator): runbook resume " + runId);
        } else {
            printer.debrief(done.debrief()); // the end block above named the journal
        }
        if (interrupted) return ExitCodes.INTERRUPTED;
        return done.debrief().passed() ? ExitCodes.OK : ExitCodes.REHEARSAL_DEVIATION;
    }

    static Map<String, Object> debriefFields(dev.runbook.rehearse.Debrief d, String runId, Path journal) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("runId", runId);
        m.put("scenario", d.scenario());
        m.put("outcome", d.outcome() == null ? null : d.outcome().id());
        m.put("runOutcome", d.runOutcome());
        m.put("message", d.message());
        m.put("elapsedMs", d.elapsed().toMillis());
        m.put("ran", d.ran());
        m.put("skipped", d.skipped());
        m.put("gates", d.gates());
        m.put("worldChanges", d.worldChanges());
        m.put("deviations", d.deviations());
        m.put("passed", d.passed());
        m.put("journal", journal.toString());
        return m;
    }

    /** NaN when not given: the default depends on whether someone is at the terminal. */
    static double speed(String text) {
        if (text == null) return Double.NaN;
        if (text.equals("max")) return Double.POSITIVE_INFINITY;
        try {
            double d = Double.parseDouble(text);
            if (d >= 1) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CliException.usage("--speed must be a number from 1 or 'max', got '" + text + "'", "e.g. --speed 60: a 30 s wait takes half a second");
    }
}
