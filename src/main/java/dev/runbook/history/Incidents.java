package dev.runbook.history;

import java.util.regex.Pattern;

/** Incident ids as given to {@code --incident}: a ticket key such as INC-123, JIRA-42 or 2025-01-31-api. */
public final class Incidents {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:#/-]{0,63}");

    private Incidents() {}

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String problem(String id) {
        return "--incident '" + id + "' is not an incident id: use letters, digits and . _ : # / - (at most 64), e.g. INC-123";
    }
}
