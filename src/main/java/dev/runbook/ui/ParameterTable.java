package dev.runbook.ui;

import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.text.Display;
import dev.runbook.text.Wrap;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runbook show NAME --params}: one row per parameter (name, type, required or default, secret) with its
 * description wrapped beside it, fitted to a width; when the width leaves the description too little room (or less
 * than its longest word, a URL say, which would be cut) it goes on the lines below. A secret's default is never shown.
 */
public final class ParameterTable {
    /** The widest the required/default column gets; a longer default ends in {@code …} there and is shown whole below. */
    static final int MAX_GIVEN = 24;
    /** Below this room beside the row, descriptions go on lines of their own. */
    static final int MIN_DESCRIPTION = 24;

    private ParameterTable() {}

    public static List<String> render(Runbook rb, int width) {
        List<String> out = new ArrayList<>();
        if (rb.parameters().isEmpty()) {
            out.add("runbook " + rb.id() + " has no parameters");
            return out;
        }
        List<Parameter> ps = new ArrayList<>(rb.parameters().values());
        int wName = "PARAMETER".length();
        int wType = "TYPE".length();
        int wGiven = "REQUIRED/DEFAULT".length();
        for (Parameter p : ps) {
            wName = Math.max(wName, p.name().length());
            wType = Math.max(wType, p.type().id().length());
            wGiven = Math.max(wGiven, Math.min(MAX_GIVEN, given(p).length()));
        }
        int descCol = wName + wType + wGiven + 6;
        boolean beside = width - descCol >= MIN_DESCRIPTION;
        out.add((Wrap.pad("PARAMETER", wName) + "  " + Wrap.pad("TYPE", wType) + "  " + Wrap.pad("REQUIRED/DEFAULT", wGiven)
                + (beside ? "  DESCRIPTION" : "")).stripTrailing());
        for (Parameter p : ps) {
            String left = Wrap.pad(p.name(), wName) + "  " + Wrap.pad(p.type().id(), wType) + "  "
                    + Wrap.pad(Wrap.truncate(given(p), wGiven), wGiven) + "  ";
            String desc = description(p);
            // a default too wide for its cell is cut there and given whole on a line of its own: the operator must
            // be able to read what the run would use (before: "default fintech-api-ser…" and nothing else)
            boolean cut = given(p).length() > wGiven;
            int longestWord = java.util.Arrays.stream(desc.split(" ")).mapToInt(String::length).max().orElse(0);
            if (desc.isEmpty()) {
                out.add(left.stripTrailing());
            } else if (beside && longestWord <= width - descCol) {
                out.addAll(Wrap.words(desc, width, left, " ".repeat(descCol)));
            } else {
                out.add(left.stripTrailing());
                out.addAll(Wrap.words(desc, width, "    ", "    "));
            }
            if (cut) out.addAll(Wrap.words(given(p), width, "    ", "      "));
        }
        return out;
    }

    /** {@code required}, {@code default VALUE} or {@code optional}, then {@code , secret}. */
    static String given(Parameter p) {
        String g = p.defaultValue() != null ? "default " + (p.secret() ? "***" : Display.value(p.defaultValue()))
                : p.required() ? "required" : "optional";
        return p.secret() ? g + ", secret" : g;
    }

    private static String description(Parameter p) {
        String d = p.description() == null ? "" : String.join(" ", p.description().strip().split("\\s*\\R\\s*"));
        if (!p.enumValues().isEmpty()) d = (d.isEmpty() ? "" : d + " ") + "(one of: " + String.join(", ", p.enumValues()) + ")";
        return d;
    }
}
