package dev.runbook.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a person names a run on the command line, the same for every command that takes one ({@code resume},
 * {@code runs show}, {@code report}): the full id, {@code last} (the newest run), or any part of an id that only one
 * run has: its start ({@code 20261207-1238}), its end ({@code f2bb}, the random suffix every run id ends with) or
 * anything in between. An exact id always wins, so a run id is never ambiguous with itself.
 */
public final class RunIds {
    public static final String LAST = "last";

    private RunIds() {}

    /** The result: the run id, or what went wrong and what to type instead. */
    public record Resolved(Optional<String> id, String problem) {
        public String orThrow() {
            return id.orElseThrow(() -> new IllegalArgumentException(problem));
        }
    }

    /**
     * @param ids   the run ids there are, newest first
     * @param where where they were looked for, for the message
     */
    public static Resolved resolve(List<String> ids, String query, String where) {
        if (query == null || query.isBlank()) return new Resolved(Optional.empty(), "give a run id, a part of one, or 'last'");
        if (ids.contains(query)) return found(query);
        if (query.equals(LAST)) {
            return ids.isEmpty() ? new Resolved(Optional.empty(), "no runs yet in " + where) : found(ids.get(0));
        }
        // the start of an id, then its end, then any part: the narrowest reading that names one run
        for (int how = 0; how < 3; how++) {
            List<String> hits = new ArrayList<>();
            for (String id : ids) {
                boolean hit = switch (how) {
                    case 0 -> id.startsWith(query);
                    case 1 -> id.endsWith(query);
                    default -> id.contains(query);
                };
                if (hit) hits.add(id);
            }
            if (hits.size() == 1) return found(hits.get(0));
            if (hits.size() > 1) {
                return new Resolved(Optional.empty(), "'" + query + "' matches " + hits.size() + " runs: "
                        + String.join(", ", hits.subList(0, Math.min(5, hits.size()))) + (hits.size() > 5 ? ", ..." : "")
                        + "; give more of the id (its last 4 characters are usually enough)");
            }
        }
        return new Resolved(Optional.empty(), "no run '" + query + "' in " + where + "; 'runbook runs' lists them"
                + (ids.isEmpty() ? "" : " (latest: " + ids.get(0) + ", or say 'last')"));
    }

    private static Resolved found(String id) {
        return new Resolved(Optional.of(id), null);
    }
}
