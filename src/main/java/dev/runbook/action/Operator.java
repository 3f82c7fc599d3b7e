package dev.runbook.action;

import java.util.List;
import java.util.Optional;

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

    /**
     * The scripted answer ({@code --answers} ask:) to the step's question, without asking anyone: a dry run
     * previews the writes an answer leads to, so it reads the answer the real run would get.
     */
    default Optional<String> scriptedAnswer(String stepId) {
        return Optional.empty();
    }

    /** The scripted confirmation ({@code --answers} confirm:) of one checklist item, without asking anyone. */
    default Optional<Boolean> scriptedConfirm(String stepId, String item) {
        return Optional.empty();
    }
}
