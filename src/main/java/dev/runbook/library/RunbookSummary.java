package dev.runbook.library;

import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One line of {@code runbook list}: read from the file without running the checks. */
public record RunbookSummary(String id, Path file, Severity severity, String title, List<Integer> steps, long errors) {
    public RunbookSummary {
        steps = List.copyOf(steps);
    }

    public static List<RunbookSummary> of(Map<String, Path> files) {
        List<RunbookSummary> out = new ArrayList<>();
        files.forEach((id, file) -> {
            ParseResult r = RunbookParser.parse(file);
            long errors = r.diagnostics().stream().filter(d -> d.isError()).count();
            Runbook rb = r.runbook().orElse(null);
            List<Integer> counts = new ArrayList<>();
            for (Phase p : Phase.values()) counts.add(rb == null ? 0 : rb.steps(p).size());
            out.add(new RunbookSummary(id, file, rb == null ? null : rb.severity(), rb == null ? null : rb.title(), counts, errors));
        });
        return out;
    }

    /** "3/2/1/1": steps in diagnose/resolve/verify/rollback. */
    public String stepCounts() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) sb.append(i == 0 ? "" : "/").append(steps.get(i));
        return sb.toString();
    }
}
