package dev.runbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.journal.RunOutcome;
import dev.runbook.model.Effect;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped runbook, dry-run with every action replaced by a spy (nothing leaves the machine): the engine
 * calls execute only for steps whose effect is read, never for a write or destructive one.
 */
class ShippedRunbooksDryRunTest {
    @TempDir
    Path tmp;

    private static final class Spy implements ActionResolver {
        private final Catalogue catalogue = Catalogue.standard();
        final List<String> executed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Optional<ActionSpec> spec(String name) {
            return catalogue.spec(name);
        }

        @Override
        public Action action(String name) {
            ActionSpec spec = catalogue.spec(name).orElseThrow();
            return new Action() {
                @Override
                public ActionSpec spec() {
                    return spec;
                }

                @Override
                public Plan plan(ActionContext ctx, Args args) {
                    return Plan.of("spy plan of " + name);
                }

                @Override
                public Result execute(ActionContext ctx, Args args) {
                    executed.add(ctx.stepId());
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (OutputSpec o : spec.outputs()) out.put(o.name(), Plain.placeholder(ctx.stepId(), o));
                    return Result.of(out);
                }
            };
        }
    }

    /** Spy outputs are placeholders, so a check on them may fail; every step goes on, to walk the whole graph. */
    private static Runbook continuing(Runbook rb) {
        Map<dev.runbook.model.Phase, List<Step>> phases = new java.util.EnumMap<>(dev.runbook.model.Phase.class);
        for (dev.runbook.model.Phase ph : dev.runbook.model.Phase.values()) {
            phases.put(ph, rb.steps(ph).stream().map(s -> new Step(s.id(), s.title(), s.phase(), s.uses(), s.with(), s.ifExpr(), s.needs(),
                    s.timeout(), s.retry(), dev.runbook.model.OnFailure.CONTINUE, s.confirm(), s.effect(), s.undo(), s.outputs(), s.pos(),
                    s.fieldPositions())).toList());
        }
        return new Runbook(rb.id(), rb.title(), rb.severity(), rb.summary(), rb.symptoms(), rb.prerequisites(), rb.escalation(),
                rb.references(), rb.parameters(), rb.env(), phases, rb.source(), rb.pos());
    }

    private static Object sample(Parameter p) {
        if (!p.enumValues().isEmpty()) return p.enumValues().get(0);
        return switch (p.type()) {
            case INT -> 2L;
            case NUMBER -> 1.5;
            case BOOL -> true;
            case URL -> "https://service.example.test/health";
            case DURATION -> "1m";
            case LIST -> List.of("a");
            case MAP -> Map.of("k", "v");
            default -> "sample-" + p.name();
        };
    }

    @TestFactory
    Stream<DynamicTest> a_dry_run_of_every_shipped_runbook_makes_no_mutating_call() throws Exception {
        Path dir = Path.of("runbooks");
        List<Path> files;
        try (Stream<Path> s = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ParseResult parsed = RunbookParser.parse(file);
            assertThat(parsed.runbook()).as(parsed.diagnostics().toString()).isPresent();
            Runbook rb = continuing(parsed.runbook().get());
            Map<String, Object> params = new LinkedHashMap<>();
            for (Parameter p : rb.parameters().values()) params.put(p.name(), p.defaultValue() != null ? p.defaultValue() : sample(p));
            Spy spy = new Spy();
            Harness h = new Harness(tmp.resolve(rb.id()));
            RunResult r = h.run(rb, Mode.DRY_RUN, h.options().actions(spy), params);
            assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
            for (String id : spy.executed) {
                Step step = rb.step(id).orElseThrow();
                ActionSpec spec = spy.spec(step.uses()).orElseThrow();
                Effect effect = step.effect() == null ? spec.effect()
                        : spec.authorDeclaresEffect() || step.effect().atLeast(spec.effect()) ? step.effect() : spec.effect();
                assertThat(effect).as("step " + id + " of " + rb.id() + " was executed in a dry run").isEqualTo(Effect.READ);
            }
            for (Step s : rb.allSteps()) {
                if (s.phase() == dev.runbook.model.Phase.ROLLBACK) continue;
                assertThat(r.steps()).as("step " + s.id() + " of " + rb.id() + " was walked").containsKey(s.id());
            }
        }));
    }
}
