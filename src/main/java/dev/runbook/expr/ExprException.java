package dev.runbook.expr;

/**
 * A syntax, type or evaluation error. {@code offset} is the 0-based character offset in the
 * expression (or template) text where the problem starts; {@code hint} says what to do (may be null).
 */
public final class ExprException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final String hint;

    public ExprException(String message, int offset, String hint) {
        super(message);
        this.offset = offset;
        this.hint = hint;
    }

    public int offset() {
        return offset;
    }

    public String hint() {
        return hint;
    }

    /** The same error with its offset moved by {@code delta} (an expression inside a template). */
    public ExprException shifted(int delta) {
        return new ExprException(getMessage(), offset + delta, hint);
    }
}
