package dev.runbook.cli;

import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for a runbook NAME. The names depend on the folder the user is in, so the
 * completion script asks {@code runbook list --names} at completion time; {@link Completions} replaces
 * this placeholder with that call.
 */
final class RunbookNames implements Iterable<String> {
    static final String PLACEHOLDER = "__RUNBOOK_NAMES__";

    @Override
    public Iterator<String> iterator() {
        return List.of(PLACEHOLDER).iterator();
    }
}
