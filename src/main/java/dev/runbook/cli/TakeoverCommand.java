package dev.runbook.cli;

import dev.runbook.engine.ParamResolver;
import dev.runbook.engine.RunService;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "takeover", mixinStandardHelpOptions = true,
        description = "Continue a run another machine started, from a team state store (--state, RUNBOOK_STATE): takes its lock once the"
                + " lease has expired (or with --force), journals the handover, then resumes it as 'resume' does, with the runbook"
                + " stored with the run. Approvals are not carried over; secrets are asked for again.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:succeeded", "1:a step failed, or the run cannot be continued", "2:bad command line", "3:aborted by the operator",
            "4:approval required (no terminal)", "5:rolled back", "6:rollback failed", "8:the run's lease is held and has not expired",
            "11:state store unreachable or refused", "130:interrupted"})
public final class TakeoverCommand extends RunningCommand {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to take over (as 'runbook runs --state URL' lists it).",
            completionCandidates = Candidates.TeamRunIds.class)
    String runId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the run changes hands (journaled, shown in the timeline and report).")
    String reason;

    @Option(names = "--force", paramLabel = "RUN_ID",
            description = "Take the lock although its lease has not expired; repeat the run id to confirm (its holder stops at its next step).")
    String force;

    public TakeoverCommand() {
        this(RunSupport::systemTerminal, null);
    }

    TakeoverCommand(Supplier<Terminal> terminals, Map<String, String> env) {
        super(terminals, env);
    }

    @Override
    int run(RunSupport s) throws RunSupport.Stop, ParamResolver.Invalid, RunService.Refused {
        if (reason.isBlank()) throw new RunSupport.Stop(ExitCodes.USAGE, "--reason must say why the run changes hands");
        if (force != null && !force.equals(runId)) {
            throw new RunSupport.Stop(ExitCodes.USAGE, "--force " + force + " does not repeat the run id " + runId + "; type the id of the run you take over");
        }
        RunService service = s.service();
        if (s.shared() == null) {
            throw new RunSupport.Stop(ExitCodes.USAGE, "takeover needs a team state store: --state URL or RUNBOOK_STATE (see docs/state.md);"
                    + " on this machine alone, use: runbook resume " + runId);
        }
        RunService.Resumable r = service.inspect(runId);
        RunService.Source src = s.load(RunSupport.storedCopy(r));
        Map<String, Object> values = ParamResolver.resolve(src.runbook(), Map.of(), RunService.recordedParams(r.history(), src.runbook()),
                s.secrets(src.runbook()), s.prompter(src.runbook()));
        if (run.output.equals("text")) {
            s.out.println("taking over run " + runId + " (" + reason + ")");
            s.out.print(ResumeCommand.whereItStopped(r, src.runbook()));
        }
        return s.finish(service.takeover(r, src, values, s.options(src.runbook()), s.onEngine(), reason, force != null));
    }
}
