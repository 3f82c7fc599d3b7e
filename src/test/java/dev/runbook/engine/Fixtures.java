package dev.runbook.engine;

import dev.runbook.model.Effect;
import dev.runbook.model.Node;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Retry;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import dev.runbook.model.UndoStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runbook models built in code, so engine tests do not depend on the parser. */
final class Fixtures {
    private Fixtures() {}

    static final SourcePosition POS = new SourcePosition("test.yaml", 1, 1);

    static Node.Mapping with(Map<String, ?> plain) {
        Map<String, Node> entries = new LinkedHashMap<>();
        plain.forEach((k, v) -> entries.put(k, node(v)));
        return new Node.Mapping(entries, Map.of(), POS);
    }

    static Node node(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), x));
            return with(copy);
        }
        if (v instanceof List<?> l) return new Node.Sequence(l.stream().map(Fixtures::node).toList(), POS);
        if (v instanceof Integer i) return new Node.Scalar((long) i, POS);
        return new Node.Scalar(v, POS);
    }

    static StepBuilder step(String id, String uses) {
        return new StepBuilder(id, uses);
    }

    static final class StepBuilder {
        private final String id;
        private final String uses;
        private Map<String, ?> with = Map.of();
        private String ifExpr;
        private List<String> needs;
        private Duration timeout;
        private Retry retry;
        private OnFailure onFailure;
        private Effect effect;
        private UndoStep undo;
        private Map<String, String> outputs = Map.of();
        private String confirm;

        StepBuilder(String id, String uses) {
            this.id = id;
            this.uses = uses;
        }

        StepBuilder with(Map<String, ?> w) { this.with = w; return this; }
        StepBuilder when(String e) { this.ifExpr = e; return this; }
        StepBuilder needs(String... ids) { this.needs = List.of(ids); return this; }
        StepBuilder timeout(Duration d) { this.timeout = d; return this; }
        StepBuilder retry(int attempts, Duration delay, double backoff) { this.retry = new Retry(attempts, delay, backoff, POS); return this; }
        StepBuilder onFailure(OnFailure f) { this.onFailure = f; return this; }
        StepBuilder effect(Effect e) { this.effect = e; return this; }
        StepBuilder undo(String uses, Map<String, ?> w) { this.undo = new UndoStep(uses, Fixtures.with(w), POS); return this; }
        StepBuilder undoStep(UndoStep u) { this.undo = u; return this; }
        StepBuilder outputs(Map<String, String> o) { this.outputs = o; return this; }
        StepBuilder confirm(String c) { this.confirm = c; return this; }

        Step build(Phase phase) {
            return new Step(id, null, phase, uses, Fixtures.with(with), ifExpr, needs, timeout, retry, onFailure, confirm,
                    effect, undo, outputs, POS, Map.of());
        }
    }

    static RunbookBuilder runbook(String id) {
        return new RunbookBuilder(id);
    }

    static final class RunbookBuilder {
        private final String id;
        private final Map<Phase, List<Step>> phases = new EnumMap<>(Phase.class);
        private final Map<String, Parameter> params = new LinkedHashMap<>();
        private Severity severity = Severity.P1;

        RunbookBuilder(String id) {
            this.id = id;
        }

        RunbookBuilder severity(Severity s) { this.severity = s; return this; }

        RunbookBuilder param(String name, ParamType type, Object dflt) {
            params.put(name, new Parameter(name, type, dflt == null, dflt, name, List.of(), false, POS));
            return this;
        }

        RunbookBuilder secret(String name) {
            params.put(name, new Parameter(name, ParamType.STRING, true, null, name, List.of(), true, POS));
            return this;
        }

        RunbookBuilder add(Phase phase, StepBuilder... steps) {
            List<Step> list = phases.computeIfAbsent(phase, p -> new ArrayList<>());
            for (StepBuilder s : steps) list.add(s.build(phase));
            return this;
        }

        RunbookBuilder diagnose(StepBuilder... s) { return add(Phase.DIAGNOSE, s); }
        RunbookBuilder resolve(StepBuilder... s) { return add(Phase.RESOLVE, s); }
        RunbookBuilder verify(StepBuilder... s) { return add(Phase.VERIFY, s); }
        RunbookBuilder rollback(StepBuilder... s) { return add(Phase.ROLLBACK, s); }

        Runbook build() {
            return new Runbook(id, "Test " + id, severity, "summary", List.of(), List.of(), List.of(), List.of(), params,
                    List.of(), phases, id + ".yaml", POS);
        }
    }
}
