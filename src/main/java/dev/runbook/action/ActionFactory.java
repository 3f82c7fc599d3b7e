package dev.runbook.action;

/** Builds the implementation of one provider's actions; lives beside the SDK code, loaded on first use. */
public interface ActionFactory {
    Action create(ActionSpec spec);
}
