package dev.runbook.action.sim;

import java.time.Instant;

/** One change in the simulated world, for the debrief ("azure.webapp/api-prod state: Stopped → Running"). */
public record SimEvent(Instant at, ResourceId resource, String property, Object before, Object after, String cause) {
    @Override
    public String toString() {
        return resource + " " + property + ": " + Values.show(before) + " → " + Values.show(after) + " (" + cause + ")";
    }
}
