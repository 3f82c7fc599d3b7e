package dev.runbook.engine;

import dev.runbook.action.ActionException;
import dev.runbook.action.Operator;
import dev.runbook.engine.gate.Answers;
import dev.runbook.engine.gate.Interaction;
import dev.runbook.journal.RunEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator as one step's action sees it: text it shows becomes an {@code operator.text} event (so the
 * terminal, the journal and JSON output all get it, redacted); questions are answered by {@code --answers}
 * first, then by the person at the terminal, one prompt at a time.
 */
final class StepOperator implements Operator {
    private final String step;
    private final Answers answers;
    private final Interaction interaction;
    private final Object promptLock;
    private final Consumer<RunEvent> emit;

    StepOperator(String step, Answers answers, Interaction interaction, Object promptLock, Consumer<RunEvent> emit) {
        this.step = step;
        this.answers = answers;
        this.interaction = interaction;
        this.promptLock = promptLock;
        this.emit = emit;
    }

    @Override
    public void show(String text) {
        emit.accept(new RunEvent.OperatorText(step, null, text));
    }

    @Override
    public boolean confirm(String stepId, String item) throws ActionException {
        Optional<Boolean> scripted = answers.confirms(step, item);
        if (scripted.isPresent()) return scripted.get();
        if (!interaction.interactive()) throw Interaction.noOperator(step);
        synchronized (promptLock) {
            return interaction.operator().confirm(step, item);
        }
    }

    @Override
    public Optional<String> scriptedAnswer(String stepId) {
        return answers.answer(step);
    }

    @Override
    public Optional<Boolean> scriptedConfirm(String stepId, String item) {
        return answers.confirms(step, item);
    }

    @Override
    public String ask(String stepId, String question, List<String> choices) throws ActionException {
        Optional<String> scripted = answers.answer(step);
        if (scripted.isPresent()) return scripted.get();
        if (!interaction.interactive()) throw Interaction.noOperator(step);
        synchronized (promptLock) {
            return interaction.operator().ask(step, question, choices);
        }
    }
}
