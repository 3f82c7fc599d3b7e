package dev.runbook.action;

import dev.runbook.model.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluated arguments of one step (templates already rendered, defaults from the ActionSpec applied).
 * Values are plain Java: String, Long, Double, Boolean, List, Map, or null. Accessors convert
 * leniently (a numeric string is a number) and fail with a PERMANENT ActionException naming the argument.
 */
public final class Args {
    private final Map<String, Object> values;

    public Args(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Args of(Map<String, Object> values) {
        return new Args(values);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public Object get(String name) {
        return values.get(name);
    }

    public String string(String name) throws ActionException {
        return optString(name).orElseThrow(() -> missing(name));
    }

    public Optional<String> optString(String name) {
        Object v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    public long integer(String name) throws ActionException {
        return optInteger(name).orElseThrow(() -> missing(name));
    }

    public Optional<Long> optInteger(String name) throws ActionException {
        Object v = values.get(name);
        if (v == null) return Optional.empty();
        if (v instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) throw wrong(name, "a whole number", v);
            return Optional.of(n.longValue());
        }
        try {
            return Optional.of(Long.parseLong(String.valueOf(v).trim()));
        } catch (NumberFormatException e) {
            throw wrong(name, "a whole number", v);
        }
    }

    public Optional<Double> optNumber(String name) throws ActionException {
        Object v = values.get(name);
        if (v == null) return Optional.empty();
        if (v instanceof Number n) return Optional.of(n.doubleValue());
        try {
            return Optional.of(Double.parseDouble(String.valueOf(v).trim()));
        } catch (NumberFormatException e) {
            throw wrong(name, "a number", v);
        }
    }

    public boolean bool(String name, boolean dflt) throws ActionException {
        Object v = values.get(name);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).trim();
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw wrong(name, "true or false", v);
    }

    public Optional<Duration> optDuration(String name) throws ActionException {
        Object v = values.get(name);
        if (v == null) return Optional.empty();
        if (v instanceof Duration d) return Optional.of(d);
        Optional<Duration> d = Durations.parse(String.valueOf(v));
        if (d.isEmpty()) throw wrong(name, "a duration like 30s, 5m or 1h", v);
        return d;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) throws ActionException {
        Object v = values.get(name);
        if (v == null) return Map.of();
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw wrong(name, "a mapping", v);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String name) throws ActionException {
        Object v = values.get(name);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return (List<Object>) l;
        return List.of(v);
    }

    public List<String> strings(String name) throws ActionException {
        return list(name).stream().map(String::valueOf).toList();
    }

    private static ActionException missing(String name) {
        return ActionException.permanent("missing argument '" + name + "'", "add '" + name + ":' under the step's with:");
    }

    private static ActionException wrong(String name, String expected, Object got) {
        String shown = got instanceof String ? "'" + got + "'" : String.valueOf(got);
        return ActionException.permanent("argument '" + name + "' must be " + expected + ", got " + shown);
    }

    @Override
    public String toString() {
        return "Args" + values.keySet();
    }
}
