package dev.runbook.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** Lower-case option values for help and completion, as users type them ({@code --format json}). */
final class Candidates {
    private Candidates() {}

    private static Iterator<String> lower(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
    }

    static final class ReportFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lower(dev.runbook.ui.ReportFormat.values());
        }
    }

    static final class GraphFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lower(dev.runbook.graph.GraphRenderer.Format.values());
        }
    }
}
