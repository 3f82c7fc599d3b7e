package dev.runbook.cli;

import dev.runbook.engine.ParamResolver;
import dev.runbook.engine.RunService;
import dev.runbook.state.Lease;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
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
        exitCodeList = {"0:succeeded", "1:a step failed, or the run cannot be continued", "2:bad command line", "3:aborted by the operator (or --force not confirmed)",
            "4:approval required (no terminal)", "5:rolled back", "6:rollback failed", "8:the run's lease is held and has not expired",
            "11:state store unreachable or refused", "130:interrupted"})
public final class TakeoverCommand extends RunningCommand {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to take over (as 'runbook runs --state URL' lists it).",
            completionCandidates = Candidates.TeamRunIds.class)
    String runId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the run changes hands (journaled, shown in the timeline and report).")
    String reason;

    @Option(names = "--force",
            description = "Take the run although its lease has not expired (its holder stops before its next step). At a terminal you are"
                    + " shown the holder and type the run id to confirm; without one, confirm with --confirm RUN_ID.")
    boolean force;

    @Option(names = "--confirm", paramLabel = "RUN_ID",
            description = "Confirm --force without a terminal (CI, --no-input, --output json) by repeating the run id.")
    String confirm;

    public TakeoverCommand() {
        this(RunSupport::systemTerminal, null);
    }

    TakeoverCommand(Supplier<Terminal> terminals, Map<String, String> env) {
        super(terminals, env);
    }

    @Override
    int run(RunSupport s) throws RunSupport.Stop, ParamResolver.Invalid, RunService.Refused {
        if (reason.isBlank()) throw new RunSupport.Stop(ExitCodes.USAGE, "--reason must say why the run changes hands");
        if (confirm != null && !force) throw new RunSupport.Stop(ExitCodes.USAGE, "--confirm only confirms --force; without --force, leave it out");
        if (confirm != null && !confirm.equals(runId)) {
            throw new RunSupport.Stop(ExitCodes.USAGE, "--confirm " + confirm + " does not repeat the run id " + runId + "; nothing was taken over");
        }
        if (force && confirm == null && !s.interactive) {
            throw new RunSupport.Stop(ExitCodes.USAGE, "takeover --force stops a run that may still be alive, so it is confirmed by typing the run id"
                    + " at a terminal; without one (CI, --no-input, --output json), confirm with: --force --confirm " + runId);
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
        String forceLeaseId = force ? confirmed(s, service.leaseOf(r, src.runbook(), values), src) : null;
        if (run.format() == OutputFormat.TEXT) {
            s.out.println("taking over run " + runId + " (" + reason + ")");
            s.out.print(ResumeCommand.whereItStopped(r, src.runbook()));
        }
        return s.finish(service.takeover(r, src, values, s.options(src.runbook()), s.onEngine(), reason, forceLeaseId));
    }

    /** The lease id the operator agreed to force: typed at the terminal, or given with --confirm. Null when nothing live holds the run. */
    private String confirmed(RunSupport s, Optional<Lease.Record> holder, RunService.Source src) throws RunSupport.Stop {
        Instant now = Instant.now();
        if (holder.isEmpty() || !holder.get().runId().equals(runId) || holder.get().expiredAt(now)) return null; // nothing live to force
        Lease.Record h = holder.get();
        if (confirm != null) return h.leaseId();
        s.out.println("run " + runId + " is held by " + h.who() + ": its lease was renewed at " + h.renewed().replaceAll("\\.\\d+Z$", "Z")
                + " and expires at " + h.expiresAt().truncatedTo(ChronoUnit.SECONDS) + ", so it may still be running there.");
        s.out.println("Taking it over stops " + h.who() + "'s run before its next step; a step it is in the middle of finishes there,"
                + " and you are asked about it here.");
        String typed = s.askLine(src.runbook(), "Type the run id to take it over: ");
        if (typed == null || !typed.strip().equals(runId)) {
            throw new RunSupport.Stop(ExitCodes.ABORTED, (typed == null || typed.isBlank() ? "no run id typed" : "'" + typed.strip() + "' is not " + runId)
                    + ": nothing was taken over");
        }
        return h.leaseId();
    }
}
