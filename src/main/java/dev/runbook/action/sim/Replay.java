package dev.runbook.action.sim;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.action.Cancellation;
import dev.runbook.action.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a fresh simulated world to where an interrupted rehearsal left it, so that {@code runbook resume} continues
 * on the same world: every simulated call the journal recorded is made again, in the journal's order, with the
 * arguments it recorded. The simulator is deterministic in its calls (faults count calls, world changes count reads
 * and successes), so the same calls leave the same world; what a call returned then is already in the journal.
 * Nothing here waits (a scenario's latency passes at once) and nothing leaves the machine.
 */
public final class Replay {
    private final SimResolver sim;

    public Replay(SimResolver sim) {
        this.sim = sim;
    }

    /**
     * One call as the journal recorded it.
     *
     * @param completed false when the call was cut short (cancelled while it waited, or never ended): it counts as a
     *                  call, as it did then, but changes nothing
     */
    public void call(String step, String uses, Map<String, Object> args, boolean completed) {
        if (uses == null || SimResolver.REAL.contains(uses)) return;
        Action action;
        try {
            action = sim.resolve(uses);
        } catch (IllegalArgumentException e) {
            return; // an action the catalogue no longer has: the resumed run will say so at that step
        }
        if (!completed) {
            sim.world().countCall("step:" + step);
            sim.world().countCall("action:" + uses);
            return;
        }
        try {
            action.execute(new Context(step), Args.of(args == null ? Map.of() : args));
        } catch (ActionException | RuntimeException e) {
            // it failed then as it fails now (an injected fault, a missing resource): the journal has what it said
        }
    }

    /** A step that succeeded without a simulated call ({@code manual}, {@code message}): its world changes happen. */
    public void succeeded(String step) {
        if (!sim.world().hasSucceeded(step)) sim.world().stepSucceeded(step);
    }

    /** The context of a replayed call: no operator, no waiting, no cancellation. */
    private static final class Context implements ActionContext {
        private final String step;

        Context(String step) {
            this.step = step;
        }

        @Override
        public String runId() {
            return "replay";
        }

        @Override
        public String stepId() {
            return step;
        }

        @Override
        public Duration timeout() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Instant deadline() {
            return Instant.MAX;
        }

        @Override
        public boolean dryRun() {
            return false;
        }

        @Override
        public Cancellation cancellation() {
            return new Cancellation() {
                @Override
                public boolean isCancelled() {
                    return false;
                }

                @Override
                public AutoCloseable onCancel(Runnable hook) {
                    return () -> { };
                }
            };
        }

        @Override
        public void progress(String message) {
            // nobody watches a replay
        }

        @Override
        public Optional<String> setting(String key) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public Path workDir() {
            return Path.of("").toAbsolutePath();
        }

        @Override
        public Operator operator() {
            return new Operator() {
                @Override
                public void show(String text) {
                    // replayed calls show nothing
                }

                @Override
                public boolean confirm(String stepId, String item) {
                    return true;
                }

                @Override
                public String ask(String stepId, String question, List<String> choices) {
                    return "";
                }
            };
        }

        @Override
        public void sleep(Duration d) {
            // a scenario's latency passed then; now it does not need to
        }

        @Override
        public String redact(String text) {
            return text;
        }
    }
}
