package dev.runbook.cli;

import java.util.Optional;

/** What {@code --output} asks of a run: text for people (the terminal renderer), or one JSON event per line. */
enum OutputFormat {
    TEXT("text"), JSON("json");

    private final String id;

    OutputFormat(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** The format named {@code --output ID}, exactly as the option's help spells it. */
    static Optional<OutputFormat> parse(String id) {
        for (OutputFormat f : values()) {
            if (f.id.equals(id)) return Optional.of(f);
        }
        return Optional.empty();
    }
}
