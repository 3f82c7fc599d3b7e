package dev.runbook.action;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a call of an action works on, in a few words, from its arguments: the "Target" of a change in the post-mortem
 * and the journal ({@code step.start}'s and {@code step.plan}'s {@code subject}). Declared per action next to its
 * {@link Findings}, as data: templates tried in order, each {@code {argument}} replaced by that argument's value (a list
 * by its first element: a program's name), the first whose every argument has a value wins; a template without
 * placeholders is the fallback ({@code "local shell"}). An action that declares none is named by its required text
 * arguments ({@code resourceGroup: rg-fleet-prod, name: fleet-api}).
 */
public record Subject(List<String> templates) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    /** Not declared: the action's required text arguments name what it works on. */
    public static final Subject REQUIRED_TEXT = new Subject(List.of());

    public Subject {
        templates = List.copyOf(templates);
    }

    public static Subject of(String... templates) {
        return new Subject(List.of(templates));
    }

    /** Every argument the templates name, for checking them against the action's declared parameters. */
    public List<String> named() {
        List<String> out = new ArrayList<>();
        for (String t : templates) {
            Matcher m = PLACEHOLDER.matcher(t);
            while (m.find()) out.add(m.group(1));
        }
        return out;
    }

    /**
     * The subject of a call with {@code args} (rendered, as journaled), or null when nothing names it.
     *
     * @param params the action's parameters (for the default: its required text ones)
     */
    public String render(Map<String, Object> args, List<ParamSpec> params) {
        if (args == null) args = Map.of();
        if (templates.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (ParamSpec p : params) {
                if (!p.required() || p.type() != dev.runbook.model.ParamType.STRING) continue;
                String v = word(args.get(p.name()));
                if (v != null) parts.add(p.name() + ": " + v);
            }
            return parts.isEmpty() ? null : String.join(", ", parts);
        }
        for (String t : templates) {
            Matcher m = PLACEHOLDER.matcher(t);
            StringBuilder sb = new StringBuilder();
            boolean complete = true;
            while (m.find()) {
                String v = word(args.get(m.group(1)));
                if (v == null) {
                    complete = false;
                    break;
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            if (!complete) continue;
            m.appendTail(sb);
            return sb.toString();
        }
        return null;
    }

    /** A value as a word: text as it is, a list by its first element, nothing for an empty or structured value. */
    private static String word(Object v) {
        if (v instanceof Collection<?> c) return c.isEmpty() ? null : word(c.iterator().next());
        if (v == null || v instanceof Map<?, ?>) return null;
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }
}
