package dev.runbook.cli;

import dev.runbook.engine.Mode;
import dev.runbook.engine.ParamResolver;
import dev.runbook.engine.RunService;
import dev.runbook.history.Incidents;
import dev.runbook.parse.RunbookLocator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a runbook: diagnose, resolve (every change through a gate), verify; journaled for resume.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:succeeded", "1:a step failed", "2:bad command line", "3:aborted by the operator",
            "4:approval required (no terminal)", "5:rolled back", "6:rollback failed", "8:locked by another run", "10:state folder or journal unusable (path and reason printed)", "130:interrupted"})
public final class ExecCommand extends RunningCommand {
    @Parameters(index = "0", paramLabel = "RUNBOOK", description = "Runbook name (found in ./runbooks or RUNBOOK_PATH) or file.",
            completionCandidates = RunbookNames.class)
    String name;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value (repeatable); never for secrets.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--params", paramLabel = "FILE",
            description = "Parameter values from a YAML file (write one to fill in: runbook show RUNBOOK --params-template FILE).")
    Path paramsFile;

    @Option(names = "--dry-run", description = "Run read steps for real and only plan changes: nothing is changed.")
    boolean dryRun;

    @Option(names = "--offline", description = "With --dry-run: run nothing at all, not even reads.")
    boolean offline;

    @Option(names = "--incident", paramLabel = "ID", description = "Tag the run with an incident id (e.g. INC-123); 'runbook runs --incident ID' finds it.")
    String incident;

    public ExecCommand() {
        this(RunSupport::systemTerminal, null);
    }

    ExecCommand(Supplier<Terminal> terminals, Map<String, String> env) {
        super(terminals, env);
    }

    @Override
    int run(RunSupport s) throws RunSupport.Stop, ParamResolver.Invalid, RunService.Refused, IOException {
        if (incident != null && !Incidents.valid(incident)) {
            throw new RunSupport.Stop(ExitCodes.USAGE, Incidents.problem(incident));
        }
        RunbookLocator locator = root != null ? root.locator() : RunbookLocator.standard(Path.of("").toAbsolutePath(), env().get(RunbookLocator.ENV));
        Path file = locator.find(name)
                .orElseThrow(() -> new RunSupport.Stop(ExitCodes.USAGE, "no runbook '" + name + "' in ./runbooks or RUNBOOK_PATH"));
        RunService.Source src = s.load(file);
        Mode mode = offline ? Mode.OFFLINE : dryRun ? Mode.DRY_RUN : Mode.EXECUTE;
        // before any parameter is asked for: nobody should type them all to learn that no cloud is reachable. Without a
        // terminal nothing is typed, so what the cloud lacks and what the parameters lack are told together, in one
        // refusal: a script (or a CI job) fixes everything in one attempt, not one thing per attempt
        RunSupport.Stop cloud = null;
        try {
            s.preflight(src.runbook(), mode);
        } catch (RunSupport.Stop e) {
            if (s.interactive) throw e;
            cloud = e;
        }
        // the providers load (and sign in) while the parameters are asked and the journal is opened
        if (cloud == null) s.warmUp(src.runbook(), mode);
        Map<String, Object> values;
        try {
            Map<String, Object> fromFile = paramsFile == null ? Map.of() : ParamsFile.read(paramsFile);
            if (paramsFile != null) ParamsFile.requireFilled(paramsFile, fromFile, params.keySet());
            values = ParamResolver.resolve(src.runbook(), params, fromFile, s.secrets(src.runbook()), s.prompter(src.runbook()), s.refused());
        } catch (ParamResolver.Invalid | IOException | RunSupport.Stop e) {
            if (cloud == null) throw e;
            throw new RunSupport.Stop(cloud.code, cloud.getMessage() + "\nand the parameters:\n" + indent(e.getMessage()));
        }
        if (cloud != null) throw cloud;

        if (run.format() == OutputFormat.TEXT) s.out.println(rerun(src.runbook(), values, mode));
        return s.finish(s.service().start(src, mode, values, s.options(src.runbook()), s.onEngine(), incident));
    }

    private static String indent(String text) {
        return text.strip().lines().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * The command that runs this again with the same values, to paste into the incident channel: every parameter that
     * differs from its default, shell-quoted; secrets never (their flags say where they came from, not what they are).
     */
    String rerun(dev.runbook.model.Runbook rb, Map<String, Object> values, Mode mode) {
        StringBuilder sb = new StringBuilder("to run it again: runbook exec ").append(quote(name));
        for (var e : values.entrySet()) {
            dev.runbook.model.Parameter p = rb.parameters().get(e.getKey());
            if (p == null || p.secret()) continue;
            String v = e.getValue() instanceof java.util.List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(e.getValue());
            if (p.defaultValue() != null && String.valueOf(p.defaultValue()).equals(v)) continue;
            sb.append(" -p ").append(quote(e.getKey() + "=" + v));
        }
        run.secretEnv.forEach((k, var) -> sb.append(" --secret-env ").append(quote(k + "=" + var)));
        run.secretFile.forEach((k, f) -> sb.append(" --secret-file ").append(quote(k + "=" + f)));
        if (mode == Mode.DRY_RUN) sb.append(" --dry-run");
        if (mode == Mode.OFFLINE) sb.append(" --dry-run --offline");
        if (incident != null) sb.append(" --incident ").append(quote(incident));
        return sb.toString();
    }

    /** Single-quoted for a POSIX shell unless plainly safe. */
    static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=./:,@%+".indexOf(c) >= 0)) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
