package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every option value and positional argument of the whole command tree, walked from picocli's model, is either
 * classified here as free text (with why), or completed — and that is proven in a real bash: a line ending in the
 * option is completed through the committed script against the fixture of {@link CompletionBashTest}, and what bash
 * offers must be of the kind (the runbook's steps after {@code --approve}, its parameters after {@code -p}, run ids
 * after a {@code RUN_ID}, a command's fixed values after its enum option, files after a path option...). An option
 * added tomorrow fails {@link #every_argument_of_the_tree_is_classified} until it is put in {@link #KINDS}; an option
 * whose values are a finite set (an enum, completion candidates) or whose label names a run, a step or a parameter
 * cannot be called free text.
 */
class CompletionCoverageTest {
    enum Kind { FREE, FILE, FIXED, RUNBOOK, RUN_ID, STEP, PARAM, SECRET, SCENARIO, CONFIRM, SUBCOMMAND }

    private record K(Kind kind, String why) {}

    private static K k(Kind kind) {
        return new K(kind, null);
    }

    private static K free(String why) {
        return new K(Kind.FREE, why);
    }

    /**
     * By "command option" (or "command LABEL" for a positional); "* option" for an option of a mixin shared by several
     * commands (RunOptions, HistoryOptions), so a new command that mixes them in is checked at once.
     */
    static final Map<String, K> KINDS = Map.ofEntries(
            // what runbooks and runs are named by
            Map.entry("exec RUNBOOK", k(Kind.RUNBOOK)), Map.entry("show NAME", k(Kind.RUNBOOK)), Map.entry("rehearse NAME", k(Kind.RUNBOOK)),
            Map.entry("export NAME", k(Kind.RUNBOOK)), Map.entry("runs --runbook", k(Kind.RUNBOOK)),
            Map.entry("resume RUN_ID", k(Kind.RUN_ID)), Map.entry("takeover RUN_ID", k(Kind.RUN_ID)), Map.entry("runs show ID", k(Kind.RUN_ID)),
            Map.entry("report ID", k(Kind.RUN_ID)), Map.entry("takeover --confirm", k(Kind.CONFIRM)),
            // what the runbook (or the run's stored copy) names
            Map.entry("* --approve", k(Kind.STEP)), Map.entry("exec --param", k(Kind.PARAM)), Map.entry("* --secret-env", k(Kind.SECRET)),
            Map.entry("* --secret-file", k(Kind.SECRET)), Map.entry("rehearse --scenario", k(Kind.SCENARIO)),
            // finite sets
            Map.entry("* --output", k(Kind.FIXED)), Map.entry("* --azure-cloud", k(Kind.FIXED)), Map.entry("rehearse --speed", k(Kind.FIXED)),
            Map.entry("validate --format", k(Kind.FIXED)), Map.entry("runs --format", k(Kind.FIXED)), Map.entry("runs show --format", k(Kind.FIXED)),
            Map.entry("report --format", k(Kind.FIXED)), Map.entry("export --format", k(Kind.FIXED)), Map.entry("report --timeline", k(Kind.FIXED)),
            Map.entry("runs --outcome", k(Kind.FIXED)), Map.entry("show --graph", k(Kind.FIXED)), Map.entry("show --format", k(Kind.FIXED)),
            Map.entry("actions NAME", k(Kind.FIXED)), Map.entry("help COMMAND", k(Kind.SUBCOMMAND)),
            // files and folders (bash's own file completion)
            Map.entry("exec --params", k(Kind.FILE)), Map.entry("* --answers", k(Kind.FILE)), Map.entry("* --state-dir", k(Kind.FILE)),
            Map.entry("export --output", k(Kind.FILE)), Map.entry("import --output", k(Kind.FILE)), Map.entry("report --output", k(Kind.FILE)),
            Map.entry("import PAGE", k(Kind.FILE)), Map.entry("import --report", k(Kind.FILE)), Map.entry("validate PATH", k(Kind.FILE)),
            Map.entry("new --dir", k(Kind.FILE)), Map.entry("show --params-template", k(Kind.FILE)),
            // free text, and why
            Map.entry("* --state", free("a store URL (s3://, azblob://, postgres://, dir:): typed or pasted")),
            Map.entry("state check URL", free("a store URL")),
            Map.entry("* --parallel", free("a number")), Map.entry("state check --samples", free("a number")),
            Map.entry("* --set", free("provider settings are read by each provider; there is no registry of their keys to offer")),
            Map.entry("* --aws-profile", free("profiles live in ~/.aws/config, which completion does not read")),
            Map.entry("* --aws-region", free("any region name the SDK knows; not a fixed list here")),
            Map.entry("* --azure-subscription", free("a subscription id")), Map.entry("* --azure-endpoint", free("a URL")),
            Map.entry("exec --incident", free("an incident id from the tracker")), Map.entry("rehearse --incident", free("a drill id")),
            Map.entry("runs --incident", free("an incident id (the runs' tags are in journals, which completion never reads)")),
            Map.entry("runs --since", free("an age or a date")), Map.entry("runs --until", free("an age or a date")),
            Map.entry("runs prune --older-than", free("an age")), Map.entry("report --detected", free("a time")),
            Map.entry("takeover --reason", free("why the run changes hands")), Map.entry("unlock LOCK_ID", free("printed by a refused run or 'state check'")),
            Map.entry("new NAME", free("a new runbook's id")), Map.entry("new --title", free("a title")),
            Map.entry("import --id", free("a new runbook's id")), Map.entry("import --section", free("a heading of the page")));

    /** A finite set, or a label that names a run, a step or a parameter, is never free text. */
    static boolean mustBeCompleted(ArgSpec a) {
        boolean finite = a.type().isEnum() || (a.completionCandidates() != null && a.completionCandidates().iterator().hasNext());
        String label = a.paramLabel();
        return finite || label.matches(".*(RUN_ID|STEP|SCENARIO|RUNBOOK|FORMAT|NAME=|CLOUD|OUTCOME).*");
    }

    /** The argument's key in {@link #KINDS}, and its kind (the command's own entry first, then the shared one). */
    private static Map.Entry<String, K> kind(String path, ArgSpec a) {
        String name = a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
        String own = path + " " + name;
        if (KINDS.containsKey(own)) return Map.entry(own, KINDS.get(own));
        String shared = "* " + name;
        return KINDS.containsKey(shared) && a instanceof OptionSpec ? Map.entry(shared, KINDS.get(shared)) : Map.entry(own, new K(null, null));
    }

    /** Arguments that take a value: options with arity above 0 (not flags, not --help) and positionals. */
    static Map<String, List<ArgSpec>> arguments() {
        Map<String, List<ArgSpec>> all = new LinkedHashMap<>();
        JsonEverywhereTest.tree().forEach((path, spec) -> {
            List<ArgSpec> args = new ArrayList<>();
            for (OptionSpec o : spec.options()) if (o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp()) args.add(o);
            for (PositionalParamSpec p : spec.positionalParameters()) args.add(p);
            all.put(path, args);
        });
        return all;
    }

    @Test
    void every_argument_of_the_tree_is_classified() {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        arguments().forEach((path, args) -> {
            for (ArgSpec a : args) {
                var e = kind(path, a);
                used.add(e.getKey());
                if (e.getValue().kind() == null) {
                    problems.add(e.getKey() + " (" + a.paramLabel() + "): new; say in KINDS how it is completed, or why it is free text");
                } else if (e.getValue().kind() == Kind.FREE && mustBeCompleted(a)) {
                    problems.add(e.getKey() + " (" + a.paramLabel() + ") has a finite set of values or names a run/step/parameter: complete it");
                } else if (e.getValue().kind() == Kind.FREE && (e.getValue().why() == null || e.getValue().why().isBlank())) {
                    problems.add(e.getKey() + ": free text needs a reason");
                }
            }
        });
        KINDS.keySet().stream().filter(key -> !used.contains(key)).forEach(key -> problems.add(key + ": no such argument any more; take it out of KINDS"));
        assertThat(problems).isEmpty();
    }

    /** Each completed argument, completed in a real bash through the committed script: what it offers is of its kind. */
    @Test
    void every_completed_argument_offers_candidates_of_its_kind_in_bash(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "BASH IS NOT INSTALLED: the completion of every argument is NOT checked");
        CompletionBashTest.fixture(tmp);
        Map<String, CommandSpec> tree = JsonEverywhereTest.tree();
        Map<String, Check> checks = new LinkedHashMap<>();
        arguments().forEach((path, args) -> {
            for (ArgSpec a : args) {
                K k = kind(path, a).getValue();
                if (k.kind() == null || k.kind() == Kind.FREE) continue;
                checks.put(line(path, tree.get(path), a, k.kind()), new Check(path, a, k.kind()));
            }
        });
        Map<String, List<String>> offered = CompletionBashTest.complete(tmp, List.copyOf(checks.keySet()), tmp.resolve("coverage-calls.log"));
        List<String> problems = new ArrayList<>();
        checks.forEach((line, c) -> {
            List<String> got = offered.get(line);
            String bad = c.problem(got);
            if (bad != null) problems.add("'" + line + "' offered " + got + ": " + bad);
        });
        assertThat(problems).isEmpty();
        assertThat(checks).as("the walk found the arguments").hasSizeGreaterThan(30);
    }

    /** The line to complete: the command, what its first positional needs (a runbook, a run), the option. */
    private static String line(String path, CommandSpec spec, ArgSpec a, Kind kind) {
        StringBuilder sb = new StringBuilder("runbook ").append(path).append(' ');
        if (a instanceof PositionalParamSpec) return sb.append(kind == Kind.FILE ? "runb" : "").toString();
        if (!spec.positionalParameters().isEmpty()) {
            String first = kind(path, spec.positionalParameters().get(0)).getKey();
            Kind pk = KINDS.getOrDefault(first, new K(null, null)).kind();
            if (pk == Kind.RUNBOOK) sb.append("choices ");
            if (pk == Kind.RUN_ID) sb.append(path.equals("takeover") ? CompletionBashTest.TEAM : "7f9e").append(' ');
        }
        sb.append(((OptionSpec) a).longestName()).append(' ');
        return kind == Kind.FILE ? sb.append("runb").toString() : sb.toString();
    }

    private record Check(String path, ArgSpec arg, Kind kind) {
        String problem(List<String> got) {
            if (got == null || got.isEmpty()) return "nothing: a " + kind + " argument must be completed";
            List<String> runs = List.of("last", CompletionBashTest.NEWEST, CompletionBashTest.OLDER, CompletionBashTest.REHEARSAL, CompletionBashTest.TEAM);
            List<String> steps = List.of("restart", "recycle", "notify", "tell-the-team");
            boolean ok = switch (kind) {
                case RUNBOOK -> got.contains("choices") && got.contains("api-down");
                case RUN_ID -> runs.containsAll(got);
                case STEP -> steps.containsAll(got);
                case PARAM -> got.contains("mode=") && !got.contains("token=");
                case SECRET -> got.equals(List.of("token="));
                case SCENARIO -> got.equals(List.of("drill-a", "drill-b"));
                case CONFIRM -> got.equals(List.of(CompletionBashTest.TEAM));
                case FILE -> got.contains("runbooks") || got.contains("runbooks/");
                case SUBCOMMAND -> got.containsAll(List.of("exec", "resume", "show"));
                case FIXED -> got.equals(StreamSupport.stream(arg.completionCandidates().spliterator(), false).toList());
                default -> false;
            };
            return ok ? null : "not what a " + kind + " argument offers";
        }
    }
}
