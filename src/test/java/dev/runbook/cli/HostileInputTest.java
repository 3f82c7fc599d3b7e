package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file input of the command line (runbook for exec/validate/show/rehearse, --params, --answers, --secret-file,
 * --scenario) given every hostile kind of file, through the real entry point ({@link Main#run}): each is refused with
 * exit 2 and one message naming the path and what it is; never a hang, an OutOfMemoryError, a stack trace or exit 70.
 * The timeout only stops a regression that hangs (a FIFO opened for reading blocks for ever); it measures nothing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HostileInputTest {
    static final Path COUNTER = Path.of("src/test/resources/engine/counter.yaml").toAbsolutePath();
    static final Path SCENARIO_RUNBOOK = Path.of("runbooks/service-down.yaml").toAbsolutePath();

    @TempDir
    static Path tmp;

    static Path kinds;

    /** Each hostile kind of file, with the words its refusal must contain. */
    static final Map<String, String> KINDS = Map.of(
            "zero", "is a character device, not a regular file",
            "urandom", "is a character device, not a regular file",
            "fifo", "is a FIFO (named pipe), not a regular file",
            "folder", "is a folder, not a file",
            "sparse", "is 1073741824 bytes; the limit for",
            "dangling", "which does not exist",
            "loop", "is a loop of symbolic links");

    @BeforeAll
    static void hostileFiles() throws Exception {
        kinds = Files.createDirectories(tmp.resolve("kinds"));
        Files.createSymbolicLink(kinds.resolve("zero.yaml"), Path.of("/dev/zero"));
        Files.createSymbolicLink(kinds.resolve("urandom.yaml"), Path.of("/dev/urandom"));
        mkfifo(kinds.resolve("fifo.yaml"));
        Files.createDirectories(kinds.resolve("folder.yaml"));
        try (RandomAccessFile f = new RandomAccessFile(kinds.resolve("sparse.yaml").toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: 1 GiB that takes no disk
        }
        Files.createSymbolicLink(kinds.resolve("dangling.yaml"), kinds.resolve("nothing-here.yaml"));
        Files.createSymbolicLink(kinds.resolve("loop.yaml"), kinds.resolve("loop2.yaml"));
        Files.createSymbolicLink(kinds.resolve("loop2.yaml"), kinds.resolve("loop.yaml"));
    }

    static void mkfifo(Path p) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(mk.waitFor()).isZero();
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    static Run main(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("RUNBOOK_STATE_DIR", tmp.resolve("state").toString());
        env.put("NO_COLOR", "1");
        env.put("HOME", tmp.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RunbookCommand root = new RunbookCommand(Path.of(""), env, Catalogue::standard);
        int code = Main.run(root, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Each input flag as a command line around the hostile file {@code f}. */
    static final Map<String, java.util.function.Function<String, String[]>> INPUTS = inputs();

    static Map<String, java.util.function.Function<String, String[]>> inputs() {
        Map<String, java.util.function.Function<String, String[]>> m = new java.util.LinkedHashMap<>();
        m.put("exec RUNBOOK", f -> new String[] {"exec", f, "--dry-run"});
        m.put("validate FILE", f -> new String[] {"validate", f});
        m.put("show RUNBOOK", f -> new String[] {"show", f});
        m.put("rehearse RUNBOOK", f -> new String[] {"rehearse", f, "--no-input"});
        m.put("--params", f -> new String[] {"exec", COUNTER.toString(), "--params", f, "--dry-run"});
        m.put("--answers", f -> new String[] {"exec", COUNTER.toString(), "-p", "file=/tmp/x", "--answers", f, "--dry-run"});
        m.put("--secret-file", f -> new String[] {"exec", COUNTER.toString(), "-p", "file=/tmp/x", "--secret-file", "token=" + f, "--dry-run"});
        m.put("--scenario", f -> new String[] {"rehearse", SCENARIO_RUNBOOK.toString(), "--scenario", f, "--no-input"});
        return m;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (String input : INPUTS.keySet()) {
            for (String kind : KINDS.keySet()) rows.add(Arguments.of(input, kind));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("matrix")
    void every_input_refuses_every_hostile_file_with_exit_2_naming_it(String input, String kind) {
        Path file = kinds.resolve(kind + ".yaml");
        Run r = main(INPUTS.get(input).apply(file.toString()));
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.toString()).contains(file.toString());
        // validate takes folders: one named *.yaml with nothing in it is "no runbook files found"
        if (!(input.equals("validate FILE") && kind.equals("folder"))) assertThat(r.err()).as(r.toString()).contains(KINDS.get(kind));
        noCrash(r);
    }

    static void noCrash(Run r) {
        assertThat(r.out() + r.err()).as(r.toString())
                .doesNotContain("Exception", "\tat ", "internal error", "OutOfMemoryError", "a bug in");
    }

    @Test
    void validate_of_a_folder_holding_a_fifo_named_yaml_names_it_and_exits_2() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("with-fifo"));
        Files.copy(COUNTER, dir.resolve("counter.yaml"));
        mkfifo(dir.resolve("x.yaml"));
        Run r = main("validate", dir.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(dir.resolve("x.yaml").toString(), "is a FIFO (named pipe), not a regular file");
        noCrash(r);
    }

    /** A file that is not a runbook (exec /etc/shadow) is refused without one byte of it in the message. */
    @Test
    void a_file_that_is_not_a_runbook_is_refused_without_quoting_it() throws Exception {
        Path shadow = tmp.resolve("shadow");
        String content = "root:$6$Zq8s0m3S4lt$HASHEDPASSWORDxyz:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n";
        Files.writeString(shadow, content);
        List<String[]> commands = List.of(
                new String[] {"exec", shadow.toString()},
                new String[] {"validate", shadow.toString()},
                new String[] {"show", shadow.toString()},
                new String[] {"exec", COUNTER.toString(), "--params", shadow.toString(), "--dry-run"},
                new String[] {"exec", COUNTER.toString(), "-p", "file=/tmp/x", "--answers", shadow.toString(), "--dry-run"});
        for (String[] args : commands) {
            Run r = main(args);
            assertThat(r.code()).as(r.toString()).isIn(ExitCodes.USAGE, ExitCodes.FAILED);
            assertThat(r.out() + r.err()).as(r.toString()).contains(shadow.toString()).contains("not shown")
                    .doesNotContain("root", "HASHED", "daemon", "20228", "99999", "$6$");
            noCrash(r);
        }
    }

    @Test
    void a_nul_in_a_parameter_is_a_usage_error() throws Exception {
        Path params = tmp.resolve("nul-params.yaml");
        Files.writeString(params, "file: \"/tmp/a\\0b\"\n");
        Run r = main("exec", COUNTER.toString(), "--params", params.toString(), "--dry-run");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("parameter 'file' contains a NUL character");
        noCrash(r);
    }
}
