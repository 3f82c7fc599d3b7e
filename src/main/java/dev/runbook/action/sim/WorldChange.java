package dev.runbook.action.sim;

import dev.runbook.model.SourcePosition;
import java.time.Duration;
import java.util.Map;

/**
 * A change the world makes by itself once triggered: the health endpoint recovers two calls after
 * the restart, the queue drains five minutes after the consumer scales. {@code afterCalls} counts
 * reads of the resources it sets (those reads still see the old state); {@code afterTime} is
 * simulated time since the trigger. With neither, it happens at once.
 */
public record WorldChange(Trigger when, int afterCalls, Duration afterTime, Map<ResourceId, Map<String, Object>> set,
                          SourcePosition pos) {
    public WorldChange {
        if (afterCalls < 0) throw new IllegalArgumentException("afterCalls must not be negative");
        afterTime = afterTime == null ? Duration.ZERO : afterTime;
        set = SimOverride.copy(set);
    }

    /** What starts the countdown of a change. */
    public sealed interface Trigger permits Start, StepSucceeded, ResourceIs {}

    /** The rehearsal starts. */
    public record Start() implements Trigger {}

    /** The step with this id finishes its action without an error. */
    public record StepSucceeded(String stepId) implements Trigger {}

    /** The resource's properties come to hold these values (checked when it changes). */
    public record ResourceIs(ResourceId resource, Map<String, Object> properties) implements Trigger {
        public ResourceIs {
            properties = java.util.Collections.unmodifiableMap(Values.normalizeMap(properties));
        }
    }
}
