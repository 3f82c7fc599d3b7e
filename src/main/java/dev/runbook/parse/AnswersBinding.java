package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.model.Names;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scripted operator answers, bound the same way wherever they are written: an {@code --answers} file
 * ({@code engine.gate.Answers}) and a scenario's {@code answers:} block ({@code rehearse.ScenarioParser}).
 * <pre>
 * gates:    { restart: yes, drop-db: orders-prod }   # yes | no | abort (true/false too); destructive: the target's name
 * failures: { healthy: rollback }                    # retry | skip | abort | rollback
 * inDoubt:  { restart: rerun }                       # rerun | done | abort | attach (an --answers file only: resume)
 * confirm:  { page-l2: true }                        # manual checklist: true | false | yes | no, or a list of items
 * ask:      { page-l2: "bridge opened" }             # manual question: any text
 * interrupt: rollback                                # after Ctrl-C: rollback | stop
 * </pre>
 * Every problem is a positioned diagnostic of the {@link Binder}; {@link #steps} lists each step named, with
 * where, so a scenario can check that its runbook has them.
 */
public record AnswersBinding(Map<String, String> gates, Map<String, String> failures, Map<String, String> inDoubt,
                             Map<String, Object> confirm, Map<String, String> ask, String interrupt, List<StepRef> steps) {
    public static final List<String> GATE_ANSWERS = List.of("yes", "no", "abort");
    public static final List<String> FAILURE_CHOICES = List.of("retry", "skip", "abort", "rollback");
    public static final List<String> IN_DOUBT_CHOICES = List.of("rerun", "done", "abort", "attach");
    public static final List<String> INTERRUPT_CHOICES = List.of("rollback", "stop");

    /** A step named in section {@code section} ("answers.gates") at {@code pos}. */
    public record StepRef(String step, String section, SourcePosition pos) {}

    /**
     * Binds {@code m}; {@code where} prefixes sections in references ("answers" in a scenario, "" in a file);
     * {@code inDoubt} says whether the {@code inDoubt:} section is allowed.
     */
    public static AnswersBinding bind(Binder b, Node.Mapping m, String where, boolean inDoubt) {
        List<String> fields = new ArrayList<>(List.of("gates", "failures", "confirm", "ask", "interrupt"));
        if (inDoubt) fields.add(2, "inDoubt");
        b.unknownFields(m, fields, where.isEmpty() ? "the answers" : where, f -> f.equals("inDoubt")
                ? "in-doubt answers belong in an --answers file given to 'runbook resume'" : null);
        List<StepRef> steps = new ArrayList<>();
        String prefix = where.isEmpty() ? "" : where + ".";
        Map<String, String> gates = choices(b, m, "gates", null, prefix, steps);
        Map<String, String> failures = choices(b, m, "failures", FAILURE_CHOICES, prefix, steps);
        Map<String, String> doubts = inDoubt ? choices(b, m, "inDoubt", IN_DOUBT_CHOICES, prefix, steps) : Map.of();
        Map<String, String> ask = choices(b, m, "ask", List.of(), prefix, steps);
        Map<String, Object> confirm = new LinkedHashMap<>();
        Node.Mapping cm = b.mapping(m.get("confirm"), prefix + "confirm", "write 'confirm: { page-l2: true }'");
        if (cm != null) {
            cm.entries().forEach((step, v) -> {
                steps.add(new StepRef(step, prefix + "confirm", cm.keyPos(step)));
                Object c = confirmation(v);
                if (c == null) {
                    b.error(Code.WRONG_TYPE, v.pos(), prefix + "confirm." + step + " must be true, false (yes, no) or a list of checklist items, found "
                            + Binder.describe(v), "write 'confirm: { " + step + ": true }' or '{ " + step + ": [\"first item\"] }'");
                } else {
                    confirm.put(step, c);
                }
            });
        }
        String interrupt = m.get("interrupt") == null ? null : b.word(m.get("interrupt"), prefix + "interrupt", INTERRUPT_CHOICES);
        for (Map.Entry<String, String> g : gates.entrySet()) {
            String a = g.getValue();
            // anything other than yes/no/abort is the name typed at a destructive gate, but "yse" is a typo
            if (!GATE_ANSWERS.contains(a) && Names.closest(a, GATE_ANSWERS).filter(c -> Names.distance(c, a) <= 1).isPresent()) {
                Node v = ((Node.Mapping) m.get("gates")).get(g.getKey());
                b.error(Code.BAD_VALUE, v.pos(), "gate answer '" + a + "' for step '" + g.getKey() + "' looks like a typo",
                        Binder.didYouMean(a, GATE_ANSWERS).orElse("") + " (anything other than yes, no or abort is the name typed at a destructive gate)");
            }
        }
        return new AnswersBinding(gates, failures, doubts, confirm, ask, interrupt, steps);
    }

    /** true/false, yes/no, or a list of strings; null for anything else. */
    private static Object confirmation(Node v) {
        if (v instanceof Node.Scalar s && s.value() instanceof Boolean bool) return bool;
        if (v instanceof Node.Scalar s && ("yes".equals(s.value()) || "no".equals(s.value()))) return "yes".equals(s.value());
        if (v instanceof Node.Sequence q) {
            List<String> items = new ArrayList<>();
            for (Node item : q.items()) {
                if (!(item instanceof Node.Scalar s) || s.value() == null) return null;
                items.add(s.text());
            }
            return items;
        }
        return null;
    }

    /**
     * A section mapping step ids to answers: {@code allowed} null takes any text (gates: yes, no, abort or a name;
     * true/false read as yes/no), empty takes any text as written (ask), otherwise one of the words.
     */
    private static Map<String, String> choices(Binder b, Node.Mapping parent, String field, List<String> allowed, String prefix,
                                               List<StepRef> steps) {
        Map<String, String> out = new LinkedHashMap<>();
        Node.Mapping m = b.mapping(parent.get(field), prefix + field, "write '" + field + ": { <step>: <answer> }'");
        if (m == null) return out;
        m.entries().forEach((step, v) -> {
            steps.add(new StepRef(step, prefix + field, m.keyPos(step)));
            String what = prefix + field + "." + step;
            String a;
            if (allowed == null && v instanceof Node.Scalar s && s.value() instanceof Boolean bool) {
                a = bool ? "yes" : "no";
            } else if (allowed != null && allowed.isEmpty()) {
                a = v instanceof Node.Scalar s && s.value() != null ? s.text() : null;
                if (a == null) b.error(Code.WRONG_TYPE, v.pos(), "'" + what + "' must be text, found " + Binder.describe(v), null);
            } else if (allowed == null) {
                a = v instanceof Node.Scalar s && s.value() != null ? s.text() : null;
                if (a == null) b.error(Code.WRONG_TYPE, v.pos(), "'" + what + "' must be yes, no, abort or the target's name, found " + Binder.describe(v), null);
            } else {
                a = b.word(v, what, allowed);
            }
            if (a != null) out.put(step, a);
        });
        return out;
    }
}
