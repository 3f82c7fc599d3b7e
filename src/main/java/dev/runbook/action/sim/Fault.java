package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.model.SourcePosition;
import java.util.Locale;
import java.util.Optional;

/**
 * An injected failure. {@code times} is how many calls fail before the action works again:
 * a transient fault fails once by default, permanent and timeout faults fail every call
 * ({@link #ALWAYS}).
 */
public record Fault(Kind kind, int times, String message, SourcePosition pos) {
    public static final int ALWAYS = Integer.MAX_VALUE;

    public enum Kind {
        /** Throttling, a 5xx, a connection reset: the engine retries it. */
        TRANSIENT,
        /** Authorization, not found, a conflict: goes straight to the step's onFailure. */
        PERMANENT,
        /** The call never answers: it sleeps until the step's timeout runs out. */
        TIMEOUT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> parse(String s) {
            for (Kind k : values()) {
                if (k.id().equals(s)) return Optional.of(k);
            }
            return Optional.empty();
        }

        public int defaultTimes() {
            return this == TRANSIENT ? 1 : ALWAYS;
        }
    }

    public Fault {
        if (times < 1) throw new IllegalArgumentException("a fault fails at least one call");
    }

    public static Fault of(Kind kind) {
        return new Fault(kind, kind.defaultTimes(), null, SourcePosition.UNKNOWN);
    }

    /** True when call number {@code call} (1-based) of the step or action fails. */
    public boolean hits(int call) {
        return call <= times;
    }

    /** The exception a failing call throws (TIMEOUT is thrown after sleeping through the step's timeout). */
    ActionException toException(String what) {
        String text = message != null ? message : switch (kind) {
            case TRANSIENT -> what + " failed: 503 Service Unavailable (simulated transient fault)";
            case PERMANENT -> what + " failed: 403 AuthorizationFailed (simulated permanent fault)";
            case TIMEOUT -> what + " did not answer before the step's timeout (simulated)";
        };
        return switch (kind) {
            case TRANSIENT -> ActionException.transientFailure(text, null);
            case PERMANENT -> ActionException.permanent(text, "injected by the rehearsal scenario");
            case TIMEOUT -> ActionException.timeout(text);
        };
    }
}
