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

    /** {@code exec}/{@code rehearse --output}. */
    static final class Outputs implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.List.of("text", "json").iterator();
        }
    }

    /** {@code rehearse --speed}: {@code max} (no waiting), real time, and the default at a terminal; any N from 1 works. */
    static final class Speeds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.List.of("max", "1", "10").iterator();
        }
    }

    /**
     * {@code actions NAME}: the catalogue's action names, read when the completion script is generated (the build's
     * providers), so a Tab starts nothing; never at run time (the class is only instantiated there, not iterated).
     */
    static final class ActionNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return dev.runbook.action.Catalogue.standard().names().stream().sorted().iterator();
        }
    }

    /** {@code runs --outcome}: every outcome a run can end with, and unfinished, damaged. */
    static final class Outcomes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return dev.runbook.history.Outcomes.ids().iterator();
        }
    }

    /**
     * Run ids ({@code resume}, {@code runs show}, {@code report}): they depend on the state folder, so the completion
     * script asks {@code runbook __complete runs} at Tab; {@link Completions} replaces this placeholder with that call.
     */
    static final class RunIds implements Iterable<String> {
        static final String PLACEHOLDER = "__RUNBOOK_RUN_IDS__";

        @Override
        public Iterator<String> iterator() {
            return java.util.List.of(PLACEHOLDER).iterator();
        }
    }

    /** As {@link RunIds}, for {@code resume}: real runs only (a rehearsal is practised again, not resumed). */
    static final class ResumeRunIds implements Iterable<String> {
        static final String PLACEHOLDER = "__RUNBOOK_RESUME_RUN_IDS__";

        @Override
        public Iterator<String> iterator() {
            return java.util.List.of(PLACEHOLDER).iterator();
        }
    }

    /** As {@link RunIds}, for {@code takeover}: the runs of the team stores' local copies. */
    static final class TeamRunIds implements Iterable<String> {
        static final String PLACEHOLDER = "__RUNBOOK_TEAM_RUN_IDS__";

        @Override
        public Iterator<String> iterator() {
            return java.util.List.of(PLACEHOLDER).iterator();
        }
    }
}
