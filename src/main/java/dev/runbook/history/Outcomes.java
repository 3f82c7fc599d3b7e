package dev.runbook.history;

import dev.runbook.journal.RunOutcome;
import java.util.ArrayList;
import java.util.List;

/** The values {@code --outcome} accepts: every run outcome, plus unfinished and damaged. */
public final class Outcomes {
    static final String UNFINISHED = "unfinished";
    static final String DAMAGED = "damaged";

    private Outcomes() {}

    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (RunOutcome o : RunOutcome.values()) ids.add(o.id());
        ids.add(UNFINISHED);
        ids.add(DAMAGED);
        return ids;
    }
}
