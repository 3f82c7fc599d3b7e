package dev.runbook.cli;

import dev.runbook.check.Diagnostic;
import dev.runbook.engine.EngineOptions;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.Journal;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import dev.runbook.rehearse.Rehearsal;
import dev.runbook.rehearse.RehearsalPrinter;
import dev.runbook.rehearse.Scenario;
import dev.runbook.rehearse.ScenarioCatalog;
import dev.runbook.secret.Redactor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Practise a runbook against a simulated cloud: the real engine, gates and journal, every action simulated",
            "from a scenario (runbooks/scenarios/NAME/*.yaml), then a debrief against the expected path. Nothing leaves the machine."},
        footer = {"", "Exit codes: 0 followed the expected path, 7 deviated from it, 1 bad runbook or scenario, 2 usage error."})
final class RehearseCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Runbook name or path.", completionCandidates = RunbookNames.class)
    String name;

    @Option(names = "--scenario", paramLabel = "FILE|NAME", description = "Scenario to run (default: the runbook's first, by name).")
    String scenario;

    @Option(names = "--answers", paramLabel = "FILE", description = "Scripted operator answers instead of the scenario's (see docs/rehearsal.md).")
    Path answers;

    @Option(names = "--speed", paramLabel = "N|max", description = "Simulated waits pass N times faster; 'max' (default) does not wait.")
    String speed;

    @Option(names = "--list-scenarios", description = "List the runbook's scenarios and exit.")
    boolean list;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = Runbooks.locate(root, name);
        ParseResult parsed = RunbookParser.parse(file);
        if (parsed.runbook().isEmpty() || parsed.hasErrors()) {
            parsed.diagnostics().stream().filter(Diagnostic::isError).forEach(err::println);
            throw new CliException(ExitCodes.FAILED, file + " has errors; a rehearsal needs a valid runbook", "run 'runbook validate " + file + "'");
        }
        Runbook rb = parsed.runbook().get();
        ScenarioCatalog scenarios = new ScenarioCatalog(file, root.catalogue());
        if (list) {
            scenarios.list().forEach(s -> out.println(s.id() + (s.description() == null ? "" : "  " + s.description().strip().lines().findFirst().orElse(""))));
            out.flush();
            return ExitCodes.OK;
        }
        ScenarioCatalog.Loaded loaded = scenarios.load(scenario, rb);
        loaded.diagnostics().forEach(err::println);
        if (loaded.scenario().isEmpty()) throw new CliException(ExitCodes.FAILED, loaded.problem(), loaded.hint());
        Scenario s = loaded.scenario().get();
        double factor = speed(speed);
        Answers scripted = answers != null ? loadAnswers(root.resolve(answers)) : Rehearsal.answers(s, rb, root.catalogue());
        RehearsalPrinter printer = new RehearsalPrinter(out);
        printer.header(s, rb.title(), factor);
        RunStore store = new RunStore(RunStore.locate(null, root.env()).root().resolve("rehearsals"));
        String runId = store.newRunId(rb.id() + "-rehearsal", Instant.now());
        EngineOptions options = EngineOptions.builder().catalogue(root.catalogue()).answers(scripted).workDir(root.workDir().toAbsolutePath())
                .environment(root.env()).listener(printer).build();
        Rehearsal.Run run;
        try (Journal journal = Journal.create(store.runDir(runId), new Redactor(), Clock.systemUTC())) {
            run = Rehearsal.run(rb, s, root.catalogue(), options, factor, runId, journal);
        }
        printer.debrief(run.debrief());
        out.println("journal: " + store.runDir(runId).resolve(Journal.FILE));
        out.flush();
        return run.debrief().passed() ? ExitCodes.OK : ExitCodes.REHEARSAL_DEVIATION;
    }

    static double speed(String text) {
        if (text == null || text.equals("max")) return Double.POSITIVE_INFINITY;
        try {
            double d = Double.parseDouble(text);
            if (d >= 1) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CliException.usage("--speed must be a number from 1 or 'max', got '" + text + "'", "e.g. --speed 60: a 30 s wait takes half a second");
    }

    private static Answers loadAnswers(Path file) {
        try {
            return Answers.load(file);
        } catch (Answers.Invalid e) {
            throw CliException.usage(e.getMessage(), "see docs/rehearsal.md for the answers format");
        }
    }
}
