package dev.runbook.model;

/** Where a node came from: 1-based line and column in a file. */
public record SourcePosition(String file, int line, int column) {
    public static final SourcePosition UNKNOWN = new SourcePosition("<unknown>", 0, 0);

    public SourcePosition withFile(String f) {
        return new SourcePosition(f, line, column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
