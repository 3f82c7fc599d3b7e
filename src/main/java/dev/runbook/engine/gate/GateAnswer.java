package dev.runbook.engine.gate;

/** The operator's answer at a gate: run it, skip this step, or abort the run. */
public enum GateAnswer {
    APPROVE, SKIP, ABORT;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
