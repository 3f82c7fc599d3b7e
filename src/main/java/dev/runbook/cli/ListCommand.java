package dev.runbook.cli;

import dev.runbook.library.RunbookSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the runbooks on the search path (./runbooks, then the folders of RUNBOOK_PATH).")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--names", description = "Print only the ids, one per line (for completion scripts).")
    boolean names;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!names) out = dev.runbook.text.Fit.writer(out, ScreenWidth.of(root.env()));
        if (names) {
            root.locator().all().keySet().forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
        List<RunbookSummary> all = RunbookSummary.of(root.locator().all());
        if (all.isEmpty()) {
            spec.commandLine().getErr().println("no runbooks found in " + root.locator().searchPath()
                    + "; create one with 'runbook new <name>'");
            return ExitCodes.OK;
        }
        int w = Math.max(2, all.stream().mapToInt(s -> s.id().length()).max().orElse(0));
        out.println(root.ansi().string("@|bold " + pad("ID", w) + "  SEV  D/R/V/RB  TITLE|@"));
        for (RunbookSummary s : all) {
            String sev = s.severity() == null ? "?" : s.severity().name();
            String title = s.errors() > 0
                    ? root.ansi().string("@|red (" + s.errors() + " error" + (s.errors() == 1 ? "" : "s") + ": run 'runbook validate " + s.file() + "')|@")
                    : s.title();
            out.println(pad(s.id(), w) + "  " + pad(sev, 3) + "  " + pad(s.stepCounts(), 8) + "  " + title);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
