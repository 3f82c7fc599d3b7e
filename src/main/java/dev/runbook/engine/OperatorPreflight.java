package dev.runbook.engine;

import dev.runbook.engine.gate.Answers;
import dev.runbook.model.Node;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A run without a terminal must not do its reads and then stop at the first {@code manual} step that asks the
 * operator something: before anything runs, list every such step (checklist or question) of the forward path
 * (diagnose, resolve, verify) that {@code --answers} does not answer, whatever its {@code if:}. Manual steps of the
 * rollback path (and manual undos) are not required up front: a run that never rolls back never needs them, and
 * one that does reports them as not done, with the rollback incomplete.
 */
final class OperatorPreflight {
    private OperatorPreflight() {}

    /** "step: confirm 2 checklist items, answer 'What is the cause?'" for each unanswered manual step. */
    static List<String> unanswered(Runbook rb, Answers answers, Predicate<String> ended, boolean rollbackOnly) {
        List<String> out = new ArrayList<>();
        if (rollbackOnly) return out;
        for (Step s : rb.allSteps()) {
            if (ended.test(s.id()) || s.phase() == Phase.ROLLBACK || !s.uses().equals("manual")) continue;
            String own = needs(s.id(), s.with(), answers);
            if (own != null) out.add(s.id() + ": " + own);
        }
        return out;
    }

    private static String needs(String step, Node.Mapping with, Answers answers) {
        if (with == null) return null;
        List<String> missing = new ArrayList<>();
        Node checklist = with.entries().get("checklist");
        if (checklist != null && !(checklist instanceof Node.Sequence q && q.items().isEmpty())) {
            boolean all = checklist instanceof Node.Sequence q && q.items().stream()
                    .allMatch(i -> i instanceof Node.Scalar sc && answers.confirms(step, String.valueOf(sc.value())).isPresent());
            if (!all) missing.add("confirm its checklist (--answers confirm: { " + step + ": true })");
        }
        if (with.entries().containsKey("question") && answers.answer(step).isEmpty()) {
            missing.add("answer its question (--answers ask: { " + step + ": ... })");
        }
        return missing.isEmpty() ? null : String.join(" and ", missing);
    }
}
