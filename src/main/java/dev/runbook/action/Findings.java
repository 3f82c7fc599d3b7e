package dev.runbook.action;

import java.util.List;

/**
 * How an action's result is summarised for the operator under its step line (and in the gate's details view,
 * the end block and the post-mortem): data next to the outputs, read by one renderer, not code per action.
 *
 * @param fields  outputs shown as {@code key: value}, in this order (absent or null ones are left out)
 * @param table   an output holding rows (a list of mappings) shown as a table, or null
 * @param columns an output naming the table's columns in order, or null (the first row's keys then)
 * @param count   an output holding how many rows there were in total, or null (the table's size then)
 * @param tail    outputs whose last lines are shown (a program's stdout/stderr), in this order
 * @param http    the result of an HTTP request: status and latency, and the body's first lines when it failed
 */
public record Findings(List<String> fields, String table, String columns, String count, List<String> tail, boolean http) {
    public static final Findings NONE = new Findings(List.of(), null, null, null, List.of(), false);

    public Findings {
        fields = List.copyOf(fields);
        tail = List.copyOf(tail);
    }

    public boolean isEmpty() {
        return fields.isEmpty() && table == null && tail.isEmpty() && !http;
    }

    /** Every output this declaration names, for checking it against the action's declared outputs. */
    public List<String> named() {
        List<String> all = new java.util.ArrayList<>(fields);
        if (table != null) all.add(table);
        if (columns != null) all.add(columns);
        if (count != null) all.add(count);
        all.addAll(tail);
        if (http) all.addAll(List.of("status", "latencyMs", "body"));
        return all;
    }

    public static Findings fields(String... names) {
        return new Findings(List.of(names), null, null, null, List.of(), false);
    }

    public static Findings table(String rows, String columns, String count, String... fields) {
        return new Findings(List.of(fields), rows, columns, count, List.of(), false);
    }

    public static Findings tail(String... outputs) {
        return new Findings(List.of(), null, null, null, List.of(outputs), false);
    }

    public static Findings httpResponse() {
        return new Findings(List.of(), null, null, null, List.of(), true);
    }
}
