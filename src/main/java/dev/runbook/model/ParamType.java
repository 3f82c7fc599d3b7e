package dev.runbook.model;

import java.util.Locale;
import java.util.Optional;

/** Types a runbook parameter or an action argument/output can have. */
public enum ParamType {
    STRING, INT, NUMBER, BOOL, URL, DURATION, LIST, MAP, ANY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ParamType> parse(String s) {
        for (ParamType v : values()) {
            if (v.id().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
