package dev.runbook.rehearse;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.sim.Behaviours;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Effect;
import dev.runbook.model.Names;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a scenario against its runbook: every step, action, parameter, resource kind and output it
 * names must exist there (with a did-you-mean), required parameters must be given, and the expected
 * path must be consistent. A scenario may only reference its own runbook's steps and actions.
 */
public final class ScenarioChecker {
    private ScenarioChecker() {}

    public static List<Diagnostic> check(Scenario s, Runbook rb, Catalogue catalogue) {
        List<Diagnostic> out = new ArrayList<>();
        if (s.runbook() != null && !s.runbook().equals(rb.id())) {
            out.add(Diagnostic.of(Code.SCENARIO_RUNBOOK, s.pos(), "scenario is for runbook '" + s.runbook() + "', checked against '" + rb.id() + "'", null));
            return out;
        }
        List<String> stepIds = rb.allSteps().stream().map(Step::id).toList();
        Set<String> actions = new LinkedHashSet<>();
        for (Step st : rb.allSteps()) {
            if (st.uses() != null) actions.add(st.uses());
            if (st.undo() != null && st.undo().uses() != null) actions.add(st.undo().uses());
        }
        Set<String> kinds = new LinkedHashSet<>();
        actions.forEach(a -> kinds.addAll(Behaviours.kindsFor(a)));

        for (Scenario.Ref ref : s.refs()) {
            switch (ref.kind()) {
                case STEP -> {
                    if (!stepIds.contains(ref.name())) {
                        out.add(unknown(Code.SCENARIO_STEP, ref, "step", rb.id() + " has no step '" + ref.name() + "'", stepIds));
                    }
                }
                case ACTION -> {
                    if (!actions.contains(ref.name())) {
                        out.add(unknown(Code.SCENARIO_ACTION, ref, "action", rb.id() + " does not use action '" + ref.name() + "'", List.copyOf(actions)));
                    }
                }
                case PARAMETER -> {
                    if (!rb.parameters().containsKey(ref.name())) {
                        out.add(unknown(Code.SCENARIO_PARAMETER, ref, "parameter", rb.id() + " has no parameter '" + ref.name() + "'",
                                List.copyOf(rb.parameters().keySet())));
                    }
                }
                case RESOURCE_KIND -> {
                    if (!kinds.contains(ref.name())) {
                        out.add(unknown(Code.SCENARIO_RESOURCE, ref, "resource kind", "no action of " + rb.id() + " uses resources of kind '"
                                + ref.name() + "'", List.copyOf(kinds)));
                    }
                }
                case OUTPUT -> output(ref, rb, catalogue, stepIds).ifPresent(out::add);
            }
        }
        for (Parameter p : rb.parameters().values()) {
            if (p.required() && p.defaultValue() == null && !s.parameters().containsKey(p.name())) {
                out.add(Diagnostic.of(Code.SCENARIO_PARAMETER, s.pos(), "the scenario does not give required parameter '" + p.name() + "'",
                        "add it under parameters:"));
            }
        }
        Expectation e = s.expect();
        conflict(out, s, e.run(), e.skip(), "run", "skip");
        conflict(out, s, e.approve(), e.refuse(), "approve", "refuse");
        for (Scenario.Ref ref : s.refs()) {
            if (ref.kind() != Scenario.RefKind.STEP) continue;
            if (!ref.where().equals("expect.approve") && !ref.where().equals("expect.refuse") && !ref.where().equals("answers.gates")) continue;
            rb.step(ref.name()).ifPresent(st -> {
                if (!effectOf(st, catalogue).mutates()) {
                    out.add(Diagnostic.of(Code.SCENARIO_GATE, ref.pos(), "step '" + st.id() + "' only reads, so it has no gate to answer",
                            "remove it from " + ref.where() + "; read steps run without asking"));
                }
            });
        }
        return out;
    }

    static Effect effectOf(Step st, Catalogue catalogue) {
        if (st.effect() != null) return st.effect();
        return catalogue.spec(st.uses()).map(ActionSpec::effect).orElse(Effect.WRITE);
    }

    private static Optional<Diagnostic> output(Scenario.Ref ref, Runbook rb, Catalogue catalogue, List<String> stepIds) {
        String action = ref.where().equals("steps") ? rb.step(ref.owner()).map(Step::uses).orElse(null) : ref.owner();
        if (action == null) return Optional.empty();
        Optional<ActionSpec> spec = catalogue.spec(action);
        if (spec.isEmpty()) return Optional.empty();
        List<String> names = spec.get().outputs().stream().map(OutputSpec::name).toList();
        if (names.contains(ref.name())) return Optional.empty();
        String whose = ref.where().equals("steps") ? "step '" + ref.owner() + "' (" + action + ")" : action;
        return Optional.of(unknown(Code.SCENARIO_OUTPUT, ref, "output", whose + " has no output '" + ref.name() + "'", names));
    }

    private static void conflict(List<Diagnostic> out, Scenario s, List<String> a, List<String> b, String an, String bn) {
        for (String id : a) {
            if (b.contains(id)) {
                SourcePosition at = s.refs().stream().filter(r -> r.where().equals("expect." + bn) && r.name().equals(id)).map(Scenario.Ref::pos)
                        .findFirst().orElse(s.pos());
                out.add(Diagnostic.of(Code.SCENARIO_CONFLICT, at, "step '" + id + "' is expected both to " + an + " and to " + bn,
                        "keep it in one of expect." + an + " and expect." + bn));
            }
        }
    }

    private static Diagnostic unknown(Code code, Scenario.Ref ref, String what, String message, List<String> candidates) {
        String hint = Names.closest(ref.name(), candidates).map(c -> "did you mean '" + c + "'?")
                .orElse(candidates.isEmpty() ? null : "known " + what + "s: " + String.join(", ", candidates));
        return Diagnostic.of(code, ref.pos(), message + " (in " + ref.where() + ")", hint);
    }
}
