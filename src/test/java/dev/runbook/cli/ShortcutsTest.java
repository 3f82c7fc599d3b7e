package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.testing.FixtureCatalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shortcuts past picocli's model must print and exit exactly as picocli does, and take only what they can. */
class ShortcutsTest {
    static final Path HOME = Path.of("src/test/resources/cli");

    record Outcome(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    static final List<List<String>> TAKEN = List.of(
            List.of("--version"),
            List.of("-V"),
            List.of("--version", "--no-color"),
            List.of("--debug", "-V"),
            List.of("validate"),
            List.of("validate", "runbooks"),
            List.of("validate", "broken", "runbooks/api-down.yaml"),
            List.of("validate", "--strict", "runbooks"),
            List.of("validate", "runbooks", "--strict"),
            List.of("validate", "--format", "json", "broken"),
            List.of("validate", "--format=JSON", "broken"),
            List.of("validate", "--format", "Sarif", "--strict", "runbooks", "broken"),
            List.of("validate", "--format", "junit", "broken"),
            List.of("validate", "broken", "--format", "github"),
            List.of("validate", "--format", "text", "runbooks/slow.yaml"),
            List.of("--no-color", "validate", "broken"),
            List.of("--debug", "validate", "--no-color", "runbooks"),
            List.of("validate", "nope.yaml"),
            List.of("validate", "runbooks", "nope"),
            List.of("validate", "golden"),
            List.of("validate", "validate"),
            List.of("validate", "list"),
            List.of("validate", "help"));

    static final List<List<String>> LEFT_TO_PICOCLI = List.of(
            List.of(),
            List.of("--help"),
            List.of("-h"),
            List.of("valdate"),
            List.of("list"),
            List.of("help", "validate"),
            List.of("--version", "validate"),
            List.of("--version", "--version"),
            List.of("--version", "-V"),
            List.of("--version", "--bogus"),
            List.of("validate", "--version"),
            List.of("validate", "-V"),
            List.of("validate", "--help"),
            List.of("validate", "-h"),
            List.of("validate", "--format"),
            List.of("validate", "--format", "xml", "runbooks"),
            List.of("validate", "--format="),
            List.of("validate", "--format", "json", "--format", "text"),
            List.of("validate", "--strict", "--strict"),
            List.of("validate", "--strict=true"),
            List.of("validate", "--bogus"),
            List.of("validate", "-"),
            List.of("validate", "--", "runbooks"),
            List.of("validate", "@args.txt"),
            List.of("validate", ""),
            List.of("validate", "a\0b"),
            List.of("--debug", "--debug", "validate"),
            List.of("validate", "--no-color", "--no-color"),
            List.of("--no-color", "validate", "--no-color"));

    static Outcome viaPicocli(Map<String, String> env, Supplier<Catalogue> catalogue, List<String> args) {
        String[] argv = args.toArray(String[]::new);
        CommandLine cl = RunbookCommand.commandLine(new RunbookCommand(HOME, env, catalogue), argv);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(argv);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome viaShortcut(Map<String, String> env, Supplier<Catalogue> catalogue, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        OptionalInt code = Shortcuts.run(new RunbookCommand(HOME, env, catalogue), args.toArray(String[]::new),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return code.isPresent() ? new Outcome(code.getAsInt(), out.toString(), err.toString()) : null;
    }

    static void assertSame(Map<String, String> env, Supplier<Catalogue> catalogue, List<String> args) {
        Outcome shortcut = viaShortcut(env, catalogue, args);
        assertThat(shortcut).as("%s takes the shortcut", args).isNotNull();
        assertThat(shortcut).as("%s with %s", args, env).isEqualTo(viaPicocli(env, catalogue, args));
    }

    @Test
    void every_shortcut_prints_and_exits_as_picocli_does() {
        for (List<String> args : TAKEN) {
            assertSame(Map.of("NO_COLOR", "1"), FixtureCatalogue::create, args);
            assertSame(Map.of(), FixtureCatalogue::create, args);
        }
    }

    @Test
    void in_colour_too() {
        String was = System.getProperty("picocli.ansi");
        System.setProperty("picocli.ansi", "true"); // what a terminal gives: Ansi.AUTO turns on
        try {
            assertThat(viaPicocli(Map.of(), FixtureCatalogue::create, List.of("validate", "broken")).out()).contains("\u001B[");
            for (List<String> args : TAKEN) assertSame(Map.of(), FixtureCatalogue::create, args);
        } finally {
            if (was == null) System.clearProperty("picocli.ansi");
            else System.setProperty("picocli.ansi", was);
        }
    }

    @Test
    void an_internal_error_reads_as_picocli_reports_it() {
        Supplier<Catalogue> broken = () -> {
            throw new IllegalStateException("catalogue exploded");
        };
        Outcome o = viaShortcut(Map.of("NO_COLOR", "1"), broken, List.of("validate", "runbooks"));
        assertThat(o).isNotNull();
        assertThat(o.code()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(o.err()).contains("catalogue exploded").contains("--debug");
        assertSame(Map.of("NO_COLOR", "1"), broken, List.of("validate", "runbooks"));
    }

    @Test
    void help_errors_and_anything_unusual_are_left_to_picocli() {
        for (List<String> args : LEFT_TO_PICOCLI) {
            assertThat(viaShortcut(Map.of("NO_COLOR", "1"), FixtureCatalogue::create, args)).as("%s", args).isNull();
        }
    }

    @Test
    void the_validate_shortcut_sets_what_picocli_would() {
        RunbookCommand root = new RunbookCommand(HOME, Map.of(), FixtureCatalogue::create);
        ValidateCommand v = Shortcuts.validate(root, "--debug", "validate", "a.yaml", "--format=junit", "--strict", "--no-color", "b");
        assertThat(v).isNotNull();
        assertThat(v.paths).containsExactly(Path.of("a.yaml"), Path.of("b"));
        assertThat(v.format).isEqualTo(dev.runbook.ui.ReportFormat.JUNIT);
        assertThat(v.strict).isTrue();
        assertThat(root.debug()).isTrue();
        assertThat(root.ansi()).isEqualTo(CommandLine.Help.Ansi.OFF);
    }
}
