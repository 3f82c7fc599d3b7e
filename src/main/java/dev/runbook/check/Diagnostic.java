package dev.runbook.check;

import dev.runbook.model.SourcePosition;
import java.util.Comparator;

/**
 * One problem found in a runbook file: where, how bad, which rule ({@code RB001}), what is wrong
 * and, when one helps, what to do about it ({@code hint} may be null).
 */
public record Diagnostic(String file, int line, int col, Severity severity, String code, String message, String hint) {
    public enum Severity { ERROR, WARNING }

    /**
     * By file, line, column, code. Written out: {@code Comparator.comparing(..).thenComparing(..)} spins lambda
     * classes inside {@code java.util.Comparator} on every run, which no start-up cache on JDK 17 keeps.
     */
    public static final Comparator<Diagnostic> ORDER = (a, b) -> {
        int c = a.file.compareTo(b.file);
        if (c == 0) c = Integer.compare(a.line, b.line);
        if (c == 0) c = Integer.compare(a.col, b.col);
        return c != 0 ? c : a.code.compareTo(b.code);
    };

    /** The same finding at another severity (a code whose severity depends on where it is found, like RB060). */
    public Diagnostic withSeverity(Severity s) {
        return new Diagnostic(file, line, col, s, code, message, hint);
    }

    public static Diagnostic of(Code code, SourcePosition pos, String message, String hint) {
        return new Diagnostic(pos.file(), pos.line(), pos.column(), code.severity(), code.id(), message, hint);
    }

    public static Diagnostic of(Code code, SourcePosition pos, String message) {
        return of(code, pos, message, null);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same problem reported as an error ({@code --strict}). */
    public Diagnostic asError() {
        return new Diagnostic(file, line, col, Severity.ERROR, code, message, hint);
    }

    /** {@code path:line:col: error RB001: message}, the form editors and CI logs understand. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + col + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + " " + code + ": " + message
                + (hint == null ? "" : " (" + hint + ")");
    }
}
