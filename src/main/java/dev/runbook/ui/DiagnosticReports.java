package dev.runbook.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.library.FileReport;
import dev.runbook.library.ValidationReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/** Renders a {@link ValidationReport} in each {@link ReportFormat}. */
public final class DiagnosticReports {
    private static final String NL = System.lineSeparator();

    private DiagnosticReports() {}

    public static void write(ValidationReport report, ReportFormat format, PrintWriter out, Ansi ansi, String version) {
        Writer w = writer(format, out, ansi, version);
        report.files().forEach(w::file);
        w.finish();
    }

    /** A writer that takes the files one by one, in order, and ends with {@link Writer#finish()}. */
    public static Writer writer(ReportFormat format, PrintWriter out, Ansi ansi, String version) {
        return switch (format) {
            case TEXT -> new Text(out, ansi);
            case JSON -> new Json(out);
            case JUNIT -> new Junit(out);
            case GITHUB -> new Github(out);
            case SARIF -> new Sarif(out, version);
        };
    }

    /**
     * The report of one {@code validate}, written as the files are checked: text and GitHub lines go out per
     * file; JSON, JUnit and SARIF open with totals, so they keep the rendered diagnostics (never the parsed
     * runbooks) until {@link #finish()}.
     */
    public abstract static sealed class Writer permits Text, Json, Junit, Github, Sarif {
        final PrintWriter out;
        long files;
        long errors;
        long warnings;

        Writer(PrintWriter out) {
            this.out = out;
        }

        public final void file(FileReport f) {
            files++;
            errors += f.errors();
            warnings += f.warnings();
            write(f);
        }

        public final void finish() {
            end();
            out.flush();
        }

        /** No file had an error. */
        public final boolean clean() {
            return errors == 0;
        }

        abstract void write(FileReport f);

        abstract void end();
    }

    static final class Text extends Writer {
        private final Ansi ansi;

        Text(PrintWriter out, Ansi ansi) {
            super(out);
            this.ansi = ansi;
        }

        @Override
        void write(FileReport f) {
            for (Diagnostic d : f.diagnostics()) {
                String sev = d.isError() ? ansi.string("@|bold,red error|@") : ansi.string("@|bold,yellow warning|@");
                out.println(ansi.string("@|bold " + escape(d.file() + ":" + d.line() + ":" + d.col() + ":") + "|@ ") + sev + " "
                        + ansi.string("@|faint " + d.code() + ":|@ ") + d.message());
                if (d.hint() != null) out.println("    " + ansi.string("@|cyan hint:|@ ") + d.hint());
            }
        }

        @Override
        void end() {
            String summary = files + (files == 1 ? " file" : " files") + " checked: " + plural(errors, "error") + ", "
                    + plural(warnings, "warning");
            out.println(clean() ? ansi.string("@|bold,green ✓|@ ") + summary : ansi.string("@|bold,red ✗|@ ") + summary);
        }
    }

    /**
     * One JSON line per file as it is checked ({@code validate.file}), then the totals ({@code validate.summary}): the
     * same stream shape as every {@code --output json} / {@code --format json} (docs/execution.md, "JSON output").
     */
    static final class Json extends Writer {
        Json(PrintWriter out) {
            super(out);
        }

        @Override
        void write(FileReport f) {
            Map<String, Object> m = header("validate.file");
            m.put("file", f.file().toString());
            m.put("runbook", f.runbook().map(r -> r.id()).orElse(null));
            m.put("errors", f.errors());
            m.put("warnings", f.warnings());
            List<Object> ds = new ArrayList<>();
            for (Diagnostic d : f.diagnostics()) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("file", d.file());
                dm.put("line", d.line());
                dm.put("col", d.col());
                dm.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
                dm.put("code", d.code());
                dm.put("message", d.message());
                dm.put("hint", d.hint());
                ds.add(dm);
            }
            m.put("diagnostics", ds);
            out.println(line(m));
        }

        @Override
        void end() {
            Map<String, Object> root = header("validate.summary");
            root.put("ok", clean());
            root.put("files", files);
            root.put("errors", errors);
            root.put("warnings", warnings);
            out.println(line(root));
        }

        private static Map<String, Object> header(String type) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("schemaVersion", JsonRenderer.SCHEMA_VERSION);
            m.put("type", type);
            return m;
        }

        private static String line(Object tree) {
            try {
                return new ObjectMapper().writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class Junit extends Writer {
        private final StringBuilder cases = new StringBuilder();
        private long failures;

        Junit(PrintWriter out) {
            super(out);
        }

        @Override
        void write(FileReport f) {
            cases.append("    <testcase classname=\"runbook.validate\" name=\"").append(xml(f.file().toString())).append('"');
            if (f.diagnostics().isEmpty()) {
                cases.append("/>").append(NL);
                return;
            }
            cases.append('>').append(NL);
            List<Diagnostic> errs = f.diagnostics().stream().filter(Diagnostic::isError).toList();
            if (!errs.isEmpty()) {
                failures++;
                Diagnostic first = errs.get(0);
                cases.append("      <failure type=\"").append(first.code()).append("\" message=\"")
                        .append(xml(plural(errs.size(), "error") + ": " + first.message())).append("\">")
                        .append(xml(lines(errs))).append("</failure>").append(NL);
            }
            List<Diagnostic> warns = f.diagnostics().stream().filter(d -> !d.isError()).toList();
            if (!warns.isEmpty()) cases.append("      <system-out>").append(xml(lines(warns))).append("</system-out>").append(NL);
            cases.append("    </testcase>").append(NL);
        }

        @Override
        void end() {
            out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            out.println("<testsuites name=\"runbook validate\" tests=\"" + files + "\" failures=\"" + failures + "\">");
            out.println("  <testsuite name=\"runbook validate\" tests=\"" + files + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"0\">");
            out.print(cases);
            out.println("  </testsuite>");
            out.println("</testsuites>");
        }
    }

    static final class Github extends Writer {
        Github(PrintWriter out) {
            super(out);
        }

        @Override
        void write(FileReport f) {
            for (Diagnostic d : f.diagnostics()) {
                String msg = d.message() + (d.hint() == null ? "" : " (" + d.hint() + ")");
                out.println("::" + (d.isError() ? "error" : "warning") + " file=" + ghProperty(d.file()) + ",line=" + d.line() + ",col=" + d.col()
                        + ",title=" + ghProperty(d.code()) + "::" + ghData(msg));
            }
        }

        @Override
        void end() {
            out.println((clean() ? "runbook validate: ok, " : "runbook validate: ") + plural(files, "file") + ", "
                    + plural(errors, "error") + ", " + plural(warnings, "warning"));
        }
    }

    static final class Sarif extends Writer {
        private final String version;
        private final List<Object> results = new ArrayList<>();

        Sarif(PrintWriter out, String version) {
            super(out);
            this.version = version;
        }

        @Override
        void write(FileReport f) {
            for (Diagnostic d : f.diagnostics()) {
                Map<String, Object> region = new LinkedHashMap<>();
                region.put("startLine", Math.max(1, d.line()));
                region.put("startColumn", Math.max(1, d.col()));
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("ruleId", d.code());
                r.put("level", d.isError() ? "error" : "warning");
                r.put("message", Map.of("text", d.message() + (d.hint() == null ? "" : " (" + d.hint() + ")")));
                r.put("locations", List.of(Map.of("physicalLocation", ordered(
                        "artifactLocation", Map.of("uri", d.file().replace('\\', '/')),
                        "region", region))));
                results.add(r);
            }
        }

        @Override
        void end() {
            List<Object> rules = new ArrayList<>();
            for (Code c : Code.values()) {
                rules.add(ordered("id", c.id(), "name", c.name(),
                        "shortDescription", Map.of("text", c.title()),
                        "fullDescription", Map.of("text", c.title() + " (docs/checks.md explains it)"),
                        "defaultConfiguration", Map.of("level", c.severity() == Diagnostic.Severity.ERROR ? "error" : "warning")));
            }
            Map<String, Object> driver = new LinkedHashMap<>();
            driver.put("name", "runbook");
            driver.put("version", version);
            driver.put("rules", rules);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("tool", Map.of("driver", driver));
            run.put("results", results);
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            root.put("version", "2.1.0");
            root.put("runs", List.of(run));
            out.println(json(root));
        }
    }

    /** picocli markup must not see our text as markup. */
    private static String escape(String s) {
        return s.replace("|@", "| @").replace("@|", "@ |");
    }

    /** Keys in the order given: Map.of's order changes from run to run, and the output must not. */
    private static Map<String, Object> ordered(Object... keyThenValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyThenValue.length; i += 2) m.put((String) keyThenValue[i], keyThenValue[i + 1]);
        return m;
    }

    private static String lines(List<Diagnostic> ds) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : ds) sb.append(d).append('\n');
        return sb.toString();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') sb.append('?');
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static String ghData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String ghProperty(String s) {
        return ghData(s).replace(":", "%3A").replace(",", "%2C");
    }

    static String json(Object tree) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
