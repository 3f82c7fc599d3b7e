package dev.runbook.engine;

import dev.runbook.action.Operator;
import dev.runbook.engine.gate.FailureChoice;
import dev.runbook.engine.gate.FailureRequest;
import dev.runbook.journal.GateAnswer;
import dev.runbook.engine.gate.GateRequest;
import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.engine.gate.Interaction;
import dev.runbook.model.Effect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** An operator at a terminal who answers from a script and remembers what was asked. */
class ScriptedInteraction implements Interaction {
    final Deque<GateAnswer> gates = new ArrayDeque<>();
    final Deque<FailureChoice> failures = new ArrayDeque<>();
    final Deque<InDoubtChoice> inDoubt = new ArrayDeque<>();
    final List<GateRequest> asked = new ArrayList<>();
    final List<FailureRequest> failed = new ArrayList<>();
    final List<String> inDoubtAsked = new ArrayList<>();
    boolean rollbackOnInterrupt;

    ScriptedInteraction gate(GateAnswer... a) {
        gates.addAll(List.of(a));
        return this;
    }

    ScriptedInteraction failure(FailureChoice... c) {
        failures.addAll(List.of(c));
        return this;
    }

    ScriptedInteraction inDoubt(InDoubtChoice... c) {
        inDoubt.addAll(List.of(c));
        return this;
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public GateAnswer gate(GateRequest request) {
        asked.add(request);
        return gates.isEmpty() ? GateAnswer.ABORT : gates.removeFirst();
    }

    @Override
    public FailureChoice failure(FailureRequest request) {
        failed.add(request);
        return failures.isEmpty() ? request.dflt() : failures.removeFirst();
    }

    @Override
    public InDoubtChoice inDoubt(String step, String title, Effect effect) {
        inDoubtAsked.add(step);
        return inDoubt.isEmpty() ? InDoubtChoice.ABORT : inDoubt.removeFirst();
    }

    @Override
    public boolean offerRollback(String reason, List<String> undoable) {
        return rollbackOnInterrupt;
    }

    @Override
    public Operator operator() {
        return Interaction.NONE.operator();
    }
}
