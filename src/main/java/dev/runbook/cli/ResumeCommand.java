package dev.runbook.cli;

import dev.runbook.engine.Engine;
import dev.runbook.engine.ParamResolver;
import dev.runbook.engine.RunService;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.UndoStatus;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a failed or interrupted run: completed steps are skipped with their outputs restored;"
                + " steps that started but never ended are decided by the operator. Secrets are asked for again.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:succeeded", "1:a step failed, or the run cannot be resumed", "2:bad command line", "3:aborted by the operator",
            "4:approval required (no terminal)", "5:rolled back", "6:rollback failed", "8:locked by another run", "10:state folder or journal unusable (path and reason printed)", "130:interrupted"})
public final class ResumeCommand extends RunningCommand {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to continue: its id (printed at the end of every run), a part of it only one run has, or 'last'.",
            completionCandidates = Candidates.ResumeRunIds.class)
    String runId;

    @Option(names = "--force", description = "Resume even though the runbook file changed since the run started.")
    boolean force;

    public ResumeCommand() {
        this(RunSupport::systemTerminal, null);
    }

    ResumeCommand(Supplier<Terminal> terminals, Map<String, String> env) {
        super(terminals, env);
    }

    @Override
    int run(RunSupport s) throws RunSupport.Stop, ParamResolver.Invalid, RunService.Refused {
        RunService service = s.service();
        String id = runId;
        if (s.localStore() != null) {
            dev.runbook.journal.RunStore store = s.localStore();
            // the same names as runs show and report: the full id, 'last', or a part of an id only one run has
            var named = dev.runbook.history.RunIds.resolve(HistoryOptions.withRehearsals(store).ids(), runId, store.root().toString());
            if (named.id().isEmpty()) throw new RunService.Refused(named.problem(), false);
            id = named.id().get();
            // a rehearsal goes on on the simulator, never against a cloud
            if (!store.exists(id)) return RehearsalResume.resume(s, root != null ? root.catalogue() : s.catalogue(), id, force);
        }
        RunService.Resumable r = service.inspect(id);
        java.nio.file.Path file = r.runbookFile();
        // from a team store on another machine the recorded path may not exist: the runbook as run is stored with the run
        if (s.shared() != null && !java.nio.file.Files.exists(file)) file = RunSupport.storedCopy(r);
        RunService.Source src = s.load(file);
        if (!"offline".equals(r.history().start().mode())) s.warmUp(src.runbook(), dev.runbook.engine.Mode.EXECUTE);
        Map<String, Object> values = ParamResolver.resolve(src.runbook(), Map.of(), RunService.recordedParams(r.history(), src.runbook()),
                s.secrets(src.runbook()), s.prompter(src.runbook()), s.refused());
        if (run.format() == OutputFormat.TEXT) s.out.print(whereItStopped(r, src.runbook()));
        s.earlier(r.journal().events());
        if (!r.journal().entries().isEmpty()) {
            try {
                s.firstStart(java.time.Instant.parse(r.journal().entries().get(0).ts()));
            } catch (java.time.format.DateTimeParseException e) {
                // an unreadable time: the response clock starts now
            }
        }
        return s.finish(service.resume(r, src, force, values, s.options(src.runbook()), s.onEngine()));
    }

    /** Before anything runs, what the run left behind: which steps are kept, which run again, which are in doubt. */
    static String whereItStopped(RunService.Resumable r, Runbook rb) {
        RunHistory h = r.history();
        StringBuilder sb = new StringBuilder("run ").append(r.runId()).append(' ')
                .append(h.outcome().map(o -> "ended " + o.id()).orElse("never ended (its process stopped, or it still runs elsewhere)")).append('\n');
        for (RunHistory.StepRecord s : h.steps().values()) {
            Optional<Step> step = rb.step(s.step());
            if (step.isEmpty() || h.accepted().containsKey(s.step())) continue; // listed below: in doubt
            String status = s.status().name().toLowerCase(Locale.ROOT);
            sb.append(String.format("  %-20s %s%n", s.step(), Engine.keptOnResume(s.status(), step.get())
                    ? status + " before: kept, not run again" : status + ": runs again"));
        }
        RunHistory.Rollback rollback = h.rollback();
        boolean inRollback = rollback != null && !rollback.finished();
        for (String id : h.inDoubt()) {
            // while a rollback is open the forward phases are over: only its own steps can still run
            if (inRollback && rb.step(id).map(st -> st.phase() != Phase.ROLLBACK).orElse(true)) continue;
            var op = h.accepted().get(id);
            sb.append(String.format("  %-20s in doubt: %s%n", id, op == null ? "started, never ended"
                    : "the provider accepted the " + op.description() + " (" + op.id() + "); it may still be going on"));
        }
        if (inRollback) {
            sb.append("  rollback in progress (after: ").append(rollback.reason()).append("): it continues\n");
            for (String id : rollback.undo()) {
                UndoStatus st = rollback.ended().get(id);
                String what = st != null ? "undo " + st.id() + " before: not run again"
                        : rollback.undoInDoubt().contains(id) ? "undo in doubt: started, never ended" : "undo runs";
                sb.append(String.format("  %-20s %s%n", id, what));
            }
        }
        return sb.toString();
    }
}
