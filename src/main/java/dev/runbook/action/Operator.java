package dev.runbook.action;

import java.util.List;

/**
 * The human at the terminal (or a scripted stand-in), for actions that need one: {@code manual}
 * asks to confirm checklist items. Non-interactive runs answer from {@code --answers} or refuse.
 */
public interface Operator {
    /** Shows text to the operator (already redacted by the engine). */
    void show(String text);

    /** Asks the operator to confirm one item; false means "not done". */
    boolean confirm(String stepId, String item) throws ActionException;

    /** Asks a free-form question; for manual steps that record an observation. */
    String ask(String stepId, String question, List<String> choices) throws ActionException;
}
