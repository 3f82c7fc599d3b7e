package dev.runbook.cli;

import dev.runbook.history.RunIds;
import dev.runbook.journal.Journal;
import dev.runbook.journal.StateDir;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.parse.RunbookLocator;
import dev.runbook.parse.RunbookParser;
import dev.runbook.rehearse.ScenarioFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code runbook __complete KIND [ARG...]}: what the bash completion script ({@link Completions}) offers at Tab where
 * the candidates depend on this machine, one per line. Hidden: not a picocli subcommand, so it is in no help text and
 * no completion list, and it runs before picocli's model is built ({@link Main}).
 *
 * <ul>
 *   <li>{@code runbooks}: the runbook names on the search path, as {@code list --names};
 *   <li>{@code runs [--state-dir DIR] [--state URL]}: {@code last} and the run ids of the local state folder,
 *       rehearsals too ({@code runs show}, {@code report}), or, for a team store, the ids of its local copies;
 *   <li>{@code resume [--state-dir DIR] [--state URL]}: as {@code runs show} (a rehearsal resumes on the simulator);
 *   <li>{@code team-runs [--state-dir DIR]}: the ids of the local copies of every team store ({@code takeover},
 *       which takes the full id);
 *   <li>{@code params RUNBOOK}: {@code NAME=} for each parameter {@code -p} may give (not the secret ones);
 *   <li>{@code values RUNBOOK NAME}: the values parameter NAME allows (its enum, or true/false);
 *   <li>{@code steps RUNBOOK}: the ids of the steps {@code --approve} can approve (resolve and rollback);
 *   <li>{@code scenarios RUNBOOK}: the runbook's scenario names;
 *   <li>{@code secrets RUNBOOK}: {@code NAME=} for each secret parameter ({@code --secret-env}, {@code --secret-file});
 *   <li>{@code run-steps RUN [--team] [--state-dir DIR] [--state URL]}, {@code run-secrets ...}: as {@code steps} and
 *       {@code secrets}, of the runbook stored with run RUN ({@code <run dir>/runbook.yaml}, what {@code resume} and
 *       {@code takeover} run); RUN named as those commands take it: for {@code resume} the full id, {@code last} or a
 *       part only one run has ({@link RunIds}), with {@code --team} ({@code takeover}) the full id of a team store's run;
 *   <li>{@code confirm RUN [--state-dir DIR]}: RUN again when it is a team store's run ({@code takeover --force
 *       --confirm} repeats the run id).
 * </ul>
 *
 * It reads local files only: the search path, the one runbook file (through {@link RunbookParser}, so bounded and
 * strictly decoded), the scenario folder's file names, and the names of the state folder's run folders; never a
 * journal, never a cloud SDK or a state-store class (StartupClassLoadingTest), never the network. Whatever the input
 * (an empty line, an unknown or broken runbook, an unreadable state folder), it prints no error and exits 0: a Tab
 * must never print a stack trace into the operator's command line.
 */
final class Complete {
    static final String NAME = "__complete";

    /** A run folder name that can be offered to a shell as it is. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * What any candidate must be to be printed: a plain shell word. Bash puts a candidate on the command line as it is,
     * unquoted, so a runbook, parameter, value, step or scenario name with {@code $( ) ` ; | & < > * ? [ ~ \ ' "},
     * a blank or a control character would run as code when the operator presses Enter (or glob, or split, in the
     * script's unquoted {@code $(...)}). Such a name is left out; the operator can still type it, quoted.
     */
    static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.,+@%:=/-]{1,200}");

    private Complete() {}

    static boolean asked(String... args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    static int run(RunbookCommand root, String[] args, PrintWriter out) {
        List<String> candidates;
        try {
            candidates = candidates(root, List.of(args).subList(1, args.length));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // nothing to offer rather than a message in the middle of a command line
            candidates = List.of();
        }
        // the one way out: nothing reaches the operator's shell that is not a plain word
        for (String c : candidates) if (c != null && WORD.matcher(c).matches()) out.println(c);
        out.flush();
        return ExitCodes.OK;
    }

    static List<String> candidates(RunbookCommand root, List<String> args) {
        if (args.isEmpty()) return List.of();
        String kind = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (kind) {
            case "runbooks" -> new ArrayList<>(root.locator().all().keySet());
            case "runs" -> runs(root, rest, Runs.ALL);
            case "resume" -> runs(root, rest, Runs.ALL); // rehearsals too: resume goes on with them on the simulator
            case "team-runs" -> runs(root, rest, Runs.TEAM);
            case "params" -> runbook(root, rest).map(Complete::params).orElse(List.of());
            case "values" -> rest.size() < 2 ? List.of() : runbook(root, rest).map(rb -> values(rb, rest.get(1))).orElse(List.of());
            case "steps" -> runbook(root, rest).map(Complete::steps).orElse(List.of());
            case "scenarios" -> scenarios(root, rest);
            case "secrets" -> runbook(root, rest).map(Complete::secrets).orElse(List.of());
            case "run-steps" -> storedRunbook(root, rest).map(Complete::steps).orElse(List.of());
            case "run-secrets" -> storedRunbook(root, rest).map(Complete::secrets).orElse(List.of());
            case "confirm" -> rest.isEmpty() ? List.of() : runDirs(root, rest.subList(1, rest.size()), Runs.TEAM).containsKey(rest.get(0))
                    ? List.of(rest.get(0)) : List.of();
            default -> List.of();
        };
    }

    private static List<String> params(Runbook rb) {
        List<String> out = new ArrayList<>();
        // a secret is never given with -p (ParamResolver refuses it): --secret-env / --secret-file
        for (Parameter p : rb.parameters().values()) if (!p.secret()) out.add(p.name() + "=");
        return out;
    }

    /** {@code --secret-env NAME=VAR}, {@code --secret-file NAME=PATH}: the secret parameters' names (never a value). */
    private static List<String> secrets(Runbook rb) {
        List<String> out = new ArrayList<>();
        for (Parameter p : rb.parameters().values()) if (p.secret()) out.add(p.name() + "=");
        return out;
    }

    /**
     * The runbook stored with the run that {@code rest.get(0)} names ({@code resume}: as {@link RunIds} resolves it;
     * {@code --team}, for {@code takeover}: a team store's run by its full id), as far as it parses.
     */
    private static Optional<Runbook> storedRunbook(RunbookCommand root, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).isBlank()) return Optional.empty();
        List<String> options = rest.subList(1, rest.size());
        boolean team = options.contains("--team");
        Map<String, Path> runs = runDirs(root, options, team ? Runs.TEAM : Runs.ALL);
        String id;
        if (team) {
            id = runs.containsKey(rest.get(0)) ? rest.get(0) : null;
        } else {
            // the one rule every command names a run by (resume, runs show, report)
            id = RunIds.resolve(new ArrayList<>(runs.keySet()), rest.get(0), "").id().orElse(null);
        }
        if (id == null) return Optional.empty();
        Path copy = runs.get(id).resolve(RUNBOOK_COPY);
        if (!Files.isRegularFile(copy)) return Optional.empty();
        return RunbookParser.parse(copy).runbook();
    }

    /** {@code RunStore.RUNBOOK_COPY}, named here so that completion does not load the run store. */
    static final String RUNBOOK_COPY = "runbook.yaml";

    private static List<String> values(Runbook rb, String name) {
        Parameter p = rb.parameters().get(name);
        if (p == null || p.secret()) return List.of();
        // a value like $(...) or `...` is dropped where every candidate is (WORD, in run): typed by hand, never offered
        if (!p.enumValues().isEmpty()) return p.enumValues();
        return p.type() == ParamType.BOOL ? List.of("true", "false") : List.of();
    }

    /** Only resolve and rollback steps change things, so only they have a gate to approve. */
    private static List<String> steps(Runbook rb) {
        List<String> out = new ArrayList<>();
        for (Phase ph : List.of(Phase.RESOLVE, Phase.ROLLBACK)) {
            for (Step s : rb.steps(ph)) if (s.id() != null && !out.contains(s.id())) out.add(s.id());
        }
        return out;
    }

    private static List<String> scenarios(RunbookCommand root, List<String> rest) {
        Optional<Path> file = file(root, rest);
        if (file.isEmpty()) return List.of();
        try {
            return ScenarioFiles.of(file.get()).stream().map(RunbookLocator::idOf).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Path> file(RunbookCommand root, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).isBlank()) return Optional.empty();
        return root.locator().find(home(root, rest.get(0)));
    }

    /** The runbook as far as it parses: a runbook with errors still names its parameters and steps. */
    private static Optional<Runbook> runbook(RunbookCommand root, List<String> rest) {
        return file(root, rest).flatMap(f -> RunbookParser.parse(f).runbook());
    }

    /** {@code ~/x} as the shell would have expanded it, had the word not been quoted for completion. */
    private static String home(RunbookCommand root, String path) {
        String home = root.env().get("HOME");
        return path.startsWith("~/") && home != null ? home + path.substring(1) : path;
    }

    /**
     * Run ids, newest first, from folder names alone (a folder counts when it holds a journal file). With a team store ({@code --state} or {@code RUNBOOK_STATE},
     * not {@code file:}), the ids of its local copies ({@code <state dir>/shared/<store>/view}), never the store.
     */
    enum Runs { ALL, TEAM }

    private static List<String> runs(RunbookCommand root, List<String> rest, Runs which) {
        List<String> ids = new ArrayList<>(runDirs(root, rest, which).keySet());
        // 'last' is resolved in the local state folder; a team store's runs are named in full (resume, takeover)
        if (!ids.isEmpty() && !team(root, rest, which)) ids.add(0, "last");
        return ids;
    }

    private static String state(RunbookCommand root, List<String> rest) {
        String state = null;
        for (int i = 0; i + 1 < rest.size(); i++) {
            if (rest.get(i).equals("--state")) state = rest.get(++i);
            else if (rest.get(i).equals("--state-dir")) i++;
        }
        return state == null || state.isBlank() ? root.env().get("RUNBOOK_STATE") : state;
    }

    private static boolean team(RunbookCommand root, List<String> rest, Runs which) {
        String state = state(root, rest);
        return which == Runs.TEAM || (state != null && !state.isBlank() && !state.strip().startsWith("file:"));
    }

    /** Run id → run folder, newest first. */
    private static Map<String, Path> runDirs(RunbookCommand root, List<String> rest, Runs which) {
        Path stateDir = null;
        for (int i = 0; i + 1 < rest.size(); i++) {
            if (rest.get(i).equals("--state-dir") && !rest.get(i + 1).isBlank()) stateDir = Path.of(home(root, rest.get(++i)));
            else if (rest.get(i).equals("--state")) i++;
        }
        String state = state(root, rest);
        Path dir = root.resolve(StateDir.root(stateDir, root.env()));
        List<Path> folders = new ArrayList<>();
        if (team(root, rest, which)) {
            for (Path store : children(dir.resolve("shared"))) folders.add(store.resolve("view").resolve("runs"));
        } else {
            Path local = state == null || state.isBlank() ? dir : root.resolve(Path.of(fileUrlPath(state.strip())));
            folders.add(local.resolve("runs"));
            if (which == Runs.ALL) folders.add(local.resolve("rehearsals").resolve("runs"));
        }
        Map<String, Path> found = new java.util.HashMap<>();
        for (Path f : folders) {
            for (Path run : children(f)) {
                String id = run.getFileName().toString();
                if (SAFE.matcher(id).matches() && Files.isRegularFile(run.resolve(Journal.FILE), LinkOption.NOFOLLOW_LINKS)) {
                    found.putIfAbsent(id, run);
                }
            }
        }
        Map<String, Path> out = new LinkedHashMap<>();
        found.keySet().stream().sorted(Comparator.reverseOrder()).forEach(id -> out.put(id, found.get(id)));
        return out;
    }

    /** {@code file:/x}, {@code file:///x} → {@code /x}, as {@code StateUrl} reads them (without loading it). */
    private static String fileUrlPath(String url) {
        String rest = url.substring("file:".length());
        return rest.startsWith("//") ? rest.substring(2) : rest;
    }

    /** The entries of a folder; none when it is missing, not a folder, or unreadable. */
    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) out.add(p);
        } catch (IOException | RuntimeException e) {
            // unreadable: nothing to offer
        }
        return out;
    }

    /** For tests: the candidates printed for {@code args} (after {@code __complete}). */
    static List<String> of(RunbookCommand root, String... args) {
        java.io.StringWriter sw = new java.io.StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = NAME;
        System.arraycopy(args, 0, all, 1, args.length);
        run(root, all, new PrintWriter(sw));
        return sw.toString().lines().toList();
    }
}
