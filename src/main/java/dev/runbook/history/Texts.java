package dev.runbook.history;

import dev.runbook.model.Durations;
import dev.runbook.model.Severity;
import dev.runbook.text.ControlChars;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain-text renderings of runs for the terminal: the {@code runs} table and the {@code runs show} timeline. All times UTC. */
public final class Texts {
    static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Texts() {}

    /** Control characters from the journal (program output, parameters) are escaped: the text goes to a terminal or a file. */
    public static String table(List<RunSummary> runs) {
        return table(runs, 0);
    }

    /**
     * As above, fitted to {@code width} (0: no limit): columns the id already tells (STARTED, RUNBOOK) go first, then
     * OPERATOR, an empty INCIDENT, MODE and DURATION, until the rest fits; the id itself is never cut (it is what one
     * copies). A line under the table names what was left out.
     */
    public static String table(List<RunSummary> runs, int width) {
        return ControlChars.escape(tableUnescaped(runs, width));
    }

    /** Columns in the order they give way to a narrow window (indexes into the header row). */
    private static final int[] DROP_ORDER = {3, 1, 6, 7, 2, 4};

    private static String tableUnescaped(List<RunSummary> runs, int width) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "RUNBOOK", "MODE", "STARTED (UTC)", "DURATION", "OUTCOME", "OPERATOR", "INCIDENT"});
        for (RunSummary r : runs) {
            String outcome = r.status() + (r.integrity() == Integrity.INTACT ? "" : " [journal " + r.integrity().id() + "]");
            rows.add(new String[] {r.id(), String.valueOf(r.runbook()), String.valueOf(r.mode()), r.started() == null ? "?" : MINUTE.format(r.started()),
                r.finished() ? r.duration().map(Texts::duration).orElse("?") : "-", outcome, String.valueOf(r.operator()),
                r.incident() == null ? "-" : r.incident()});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) w[i] = Math.max(w[i], row[i].length());
        }
        boolean[] shown = new boolean[w.length];
        java.util.Arrays.fill(shown, true);
        List<String> left = new ArrayList<>();
        boolean noIncident = rows.stream().skip(1).allMatch(row -> row[7].equals("-"));
        for (int k = 0; width > 0 && k < DROP_ORDER.length && total(w, shown) > width; k++) {
            int c = DROP_ORDER[k];
            if (c == 7 && !noIncident) continue; // an incident id is kept while anything else can go
            shown[c] = false;
            if (!(c == 7 && noIncident)) left.add(rows.get(0)[c]);
        }
        if (width > 0 && !noIncident && total(w, shown) > width) {
            shown[7] = false;
            left.add(rows.get(0)[7]);
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            int last = -1;
            for (int i = 0; i < row.length; i++) if (shown[i]) last = i;
            for (int i = 0; i < row.length; i++) {
                if (!shown[i]) continue;
                line.append(row[i]);
                if (i < last) line.append(" ".repeat(w[i] - row[i].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (!left.isEmpty()) {
            String note = "(narrow window: " + String.join(", ", left) + " left out"
                    + (left.contains("STARTED (UTC)") || left.contains("RUNBOOK") ? "; the id starts with the time and the runbook" : "")
                    + "; 'runbook runs --format json' has every field)";
            for (String l : dev.runbook.text.Wrap.words(note, width, "", " ")) sb.append(l).append('\n');
        }
        long damaged = runs.stream().filter(r -> r.integrity() != Integrity.INTACT).count();
        if (damaged > 0) {
            sb.append('\n').append(damaged).append(damaged == 1 ? " run has" : " runs have")
                    .append(" a damaged journal; 'runbook runs show ID' says what is wrong.\n");
        }
        return sb.toString();
    }

    private static int total(int[] w, boolean[] shown) {
        int t = 0;
        int n = 0;
        for (int i = 0; i < w.length; i++) {
            if (!shown[i]) continue;
            t += w[i];
            n++;
        }
        return t + 2 * Math.max(0, n - 1);
    }

    /** {@code runbook runs show}: the header, integrity findings first, then every moment. */
    /** Control characters from the journal (program output, parameters) are escaped: the text goes to a terminal or a file. */
    public static String timeline(Timeline t) {
        return ControlChars.escape(timelineUnescaped(t));
    }

    private static String timelineUnescaped(Timeline t) {
        RunSummary r = t.run();
        StringBuilder sb = new StringBuilder();
        sb.append(integrity(r));
        sb.append("run       ").append(r.id()).append('\n');
        sb.append("runbook   ").append(r.runbook()).append(r.title() == null ? "" : " - " + r.title()).append('\n');
        sb.append("mode      ").append(r.mode()).append('\n');
        if (r.incident() != null) sb.append("incident  ").append(r.incident()).append('\n');
        severity(r).ifPresent(s -> sb.append("severity  ").append(s).append('\n'));
        sb.append("operator  ").append(r.operator()).append(" on ").append(r.host());
        if (!r.resumedBy().isEmpty()) sb.append(" (resumed by ").append(String.join(", ", r.resumedBy())).append(')');
        sb.append('\n');
        if (r.started() != null) sb.append("started   ").append(DAY_TIME.format(r.started())).append(" UTC\n");
        sb.append("outcome   ").append(r.status());
        if (r.finished()) r.duration().ifPresent(d -> sb.append(" after ").append(duration(d)));
        else if (r.lastEvent() != null) sb.append(" (last event ").append(DAY_TIME.format(r.lastEvent())).append(" UTC)");
        sb.append('\n');
        sb.append("journal   ").append(journalLine(r)).append("\n\n");
        String day = null;
        for (Timeline.Moment m : t.moments()) {
            String d = m.at() == null ? null : DAY.format(m.at());
            if (d != null && !d.equals(day)) {
                sb.append(d).append('\n');
                day = d;
            }
            String time = m.at() == null ? "??:??:??" : TIME.format(m.at());
            String off = m.offset() == null ? "" : "+" + duration(m.offset());
            String who = m.step() == null ? "" : m.step();
            sb.append("  ").append(time).append("  ").append(pad(off, 8)).append(pad(who, 14)).append(m.text()).append('\n');
            for (String detail : m.details()) sb.append(" ".repeat(36)).append(detail).append('\n');
        }
        if (t.moments().isEmpty()) sb.append("  (no readable events)\n");
        return sb.toString();
    }

    static String integrity(RunSummary r) {
        if (r.integrity() == Integrity.INTACT) return "";
        StringBuilder sb = new StringBuilder();
        sb.append("!! JOURNAL ").append(r.integrity() == Integrity.BROKEN ? "INTEGRITY BROKEN" : "UNREADABLE")
                .append(": this record may not be what happened.\n");
        for (String p : r.problems()) sb.append("!!   ").append(p).append('\n');
        sb.append('\n');
        return sb.toString();
    }

    static String journalLine(RunSummary r) {
        String events = r.events() + (r.events() == 1 ? " event" : " events");
        String s = switch (r.integrity()) {
            case INTACT -> "intact: " + events + ", hash chain verified";
            case BROKEN -> "BROKEN: " + events + " readable, hash chain does not verify (see above)";
            case UNREADABLE -> "UNREADABLE (see above)";
        };
        if (!r.warnings().isEmpty()) s += "; " + String.join("; ", r.warnings());
        return s;
    }

    static Optional<String> severity(RunSummary r) {
        if (r.severity() == null) return Optional.empty();
        Optional<Severity> sev = Severity.parse(r.severity());
        String target = r.responseTarget() != null ? r.responseTarget()
                : sev.map(s -> Durations.format(s.responseTarget())).orElse(null);
        return Optional.of(r.severity() + sev.map(s -> " (" + s.label() + ")").orElse("")
                + (target == null ? "" : ", respond within " + target));
    }

    /** Durations rounded for people: whole seconds above a minute, tenths below. */
    static String duration(Duration d) {
        if (d.isNegative()) return "?";
        if (d.isZero()) return "0s";
        if (d.compareTo(Duration.ofSeconds(60)) >= 0) return Durations.format(Duration.ofSeconds(d.toSeconds()));
        if (d.toMillis() < 1000) return d.toMillis() + "ms";
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    static String at(Instant i) {
        return i == null ? "?" : DAY_TIME.format(i) + " UTC";
    }
}
