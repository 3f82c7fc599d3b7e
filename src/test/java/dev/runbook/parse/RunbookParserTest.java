package dev.runbook.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.check.Diagnostic;
import dev.runbook.model.Effect;
import dev.runbook.model.Node;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.model.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunbookParserTest {
    static ParseResult fixture(String name) {
        return RunbookParser.parse(Path.of("src/test/resources/parse", name));
    }

    static List<String> lines(ParseResult r) {
        return r.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void binds_a_complete_runbook_with_positions() {
        ParseResult r = fixture("good.yaml");
        assertThat(r.diagnostics()).isEmpty();
        Runbook rb = r.runbook().orElseThrow();
        assertThat(rb.id()).isEqualTo("good");
        assertThat(rb.severity()).isEqualTo(Severity.P1);
        assertThat(rb.summary()).isEqualTo("Something is slow.\n");
        assertThat(rb.env()).containsExactly("HOME");
        assertThat(rb.parameters()).containsOnlyKeys("app", "workers", "apiKey");
        assertThat(rb.parameters().get("workers").type()).isEqualTo(ParamType.INT);
        assertThat(rb.parameters().get("workers").defaultValue()).isEqualTo(3L);
        assertThat(rb.parameters().get("apiKey").secret()).isTrue();
        assertThat(rb.parameters().get("app").pos().line()).isEqualTo(9);

        Step health = rb.steps(Phase.DIAGNOSE).get(0);
        assertThat(health.id()).isEqualTo("health");
        assertThat(health.needs()).isEmpty();
        assertThat(health.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(health.onFailure()).isEqualTo(OnFailure.CONTINUE);
        assertThat(health.pos().line()).isEqualTo(14);
        assertThat(health.pos().column()).isEqualTo(5);
        Node.Scalar url = (Node.Scalar) health.with().get("url");
        assertThat(url.value()).isEqualTo("https://example.test/health");
        // moved past the opening quote: column of the 'h'
        assertThat(url.pos().line()).isEqualTo(17);
        assertThat(url.pos().column()).isEqualTo(19);

        Step scale = rb.steps(Phase.RESOLVE).get(0);
        assertThat(scale.needs()).isNull();
        assertThat(scale.retry().attempts()).isEqualTo(4);
        assertThat(scale.retry().delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(scale.retry().backoff()).isEqualTo(2.0);
        assertThat(((Node.Scalar) scale.with().get("workers")).value()).isEqualTo(3L);
        assertThat(scale.undo().uses()).isEqualTo("test.scale");
        assertThat(scale.outputs()).containsEntry("target", "${steps.scale.outputs.workers}");
        assertThat(scale.at("confirm").line()).isEqualTo(28);
        assertThat(scale.effect()).isNull();
    }

    @Test
    void rejects_duplicate_keys_naming_both_lines() {
        assertThat(lines(fixture("duplicate-key.yaml")))
                .anySatisfy(l -> assertThat(l).startsWith("src/test/resources/parse/duplicate-key.yaml:4:1: error RB003: duplicate key 'title' (first at line 2)"));
    }

    @Test
    void rejects_anchors_and_aliases() {
        ParseResult r = fixture("anchor.yaml");
        assertThat(r.runbook()).isEmpty();
        assertThat(lines(r)).singleElement().satisfies(l -> assertThat(l).contains(":2:7: error RB004: YAML anchors (&b)"));
    }

    @Test
    void rejects_an_alias_to_a_scalar() {
        ParseResult r = RunbookParser.parse("a.yaml", "a: &x 1\nb: *x\n");
        assertThat(r.diagnostics()).extracting(Diagnostic::code).containsExactly("RB004");
    }

    @Test
    void rejects_empty_and_comment_only_files() {
        assertThat(lines(fixture("empty.yaml"))).singleElement().satisfies(l -> assertThat(l).contains(":1:1: error RB002"));
        assertThat(lines(fixture("comment-only.yaml"))).singleElement().satisfies(l -> assertThat(l).contains("error RB002"));
        assertThat(RunbookParser.parse("n.yaml", "---\n~\n").diagnostics()).extracting(Diagnostic::code).containsExactly("RB002");
    }

    @Test
    void rejects_several_documents() {
        assertThat(lines(fixture("two-docs.yaml"))).singleElement().satisfies(l -> assertThat(l).contains("error RB006"));
    }

    @Test
    void reports_yaml_syntax_errors_with_position() {
        ParseResult r = fixture("syntax.yaml");
        assertThat(r.runbook()).isEmpty();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RB001");
            assertThat(d.line()).isGreaterThanOrEqualTo(2);
            assertThat(d.message()).startsWith("YAML syntax: ").doesNotContain("\n");
        });
    }

    @Test
    void tabs_get_a_hint() {
        ParseResult r = RunbookParser.parse("t.yaml", "runbook: x\n\ttitle: y\n");
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RB001");
            assertThat(d.line()).isEqualTo(2);
        });
    }

    @Test
    void reports_every_binding_problem_in_one_pass() {
        ParseResult r = fixture("bad-fields.yaml");
        assertThat(r.runbook()).isPresent();
        assertThat(lines(r)).containsExactlyInAnyOrder(
                "src/test/resources/parse/bad-fields.yaml:4:1: error RB010: unknown field 'timout' in runbook (known fields: runbook, title, severity, summary, symptoms, prerequisites, escalation, references, parameters, env, diagnose, resolve, verify, rollback)",
                "src/test/resources/parse/bad-fields.yaml:1:10: error RB014: 'Bad_Fields' is not a valid runbook id (use lowercase letters, digits and single '-', starting with a letter: 'bad-fields')",
                "src/test/resources/parse/bad-fields.yaml:3:11: error RB015: severity must be P0, P1, P2 or P3, found 'P7' (P0 critical (15 min response), P1 high (1 h), P2 medium (4 h), P3 low (24 h))",
                "src/test/resources/parse/bad-fields.yaml:8:5: error RB010: unknown field 'timout' in step (did you mean 'timeout'?)",
                "src/test/resources/parse/bad-fields.yaml:9:14: error RB016: 'timeout' needs a unit: 30 of what? (write 30s, 30m or 30h)",
                "src/test/resources/parse/bad-fields.yaml:10:16: error RB017: 'onFailure' must be one of abort, continue, rollback, found 'contineu' (did you mean 'continue'?)",
                "src/test/resources/parse/bad-fields.yaml:11:24: error RB011: 'attempts' must be a whole number from 1 to 1000, found the number 0 (attempts counts every try, including the first)",
                "src/test/resources/parse/bad-fields.yaml:11:34: error RB016: 'delay' is not a duration: 'soon' (write a number and a unit: 500ms, 30s, 5m, 1h, 1h30m, 2d)",
                "src/test/resources/parse/bad-fields.yaml:12:13: error RB017: 'effect' must be one of read, write, destructive, found 'reed' (did you mean 'read'?)",
                "src/test/resources/parse/bad-fields.yaml:14:11: error RB011: 'uses' must be a string, found the number 42 (quote it: \"42\")",
                "src/test/resources/parse/bad-fields.yaml:17:16: error RB017: unknown parameter type 'strng' (did you mean 'string'?)",
                "src/test/resources/parse/bad-fields.yaml:17:29: error RB033: 'enum' of parameter 'env' must be a list, found 'staging' (write 'enum: [staging, production]')");
        Step two = r.runbook().orElseThrow().steps(Phase.DIAGNOSE).get(1);
        assertThat(two.needs()).containsExactly("one");
        assertThat(two.uses()).isNull();
    }

    @Test
    void booleans_are_yaml_1_2_only() {
        ParseResult r = RunbookParser.parse("b.yaml", "runbook: b\ntitle: t\nseverity: P3\ndiagnose:\n  - id: a\n    uses: x\n    with: { answer: no, flag: true }\n");
        Node.Mapping with = r.runbook().orElseThrow().steps(Phase.DIAGNOSE).get(0).with();
        assertThat(((Node.Scalar) with.get("answer")).value()).isEqualTo("no");
        assertThat(((Node.Scalar) with.get("flag")).value()).isEqualTo(true);
    }

    @Test
    void reports_a_missing_step_id_and_uses() {
        ParseResult r = RunbookParser.parse("m.yaml", "runbook: m\ntitle: t\nseverity: P3\nverify:\n  - title: nothing\n");
        assertThat(lines(r)).containsExactly(
                "m.yaml:5:5: error RB012: the step has no 'id' (add 'id: <id>' (lowercase letters, digits and '-'))",
                "m.yaml:5:5: error RB012: step 'verify[1]' has no 'uses' (name an action: 'uses: http.check' ('runbook actions' lists them))");
        assertThat(r.runbook().orElseThrow().steps(Phase.VERIFY)).extracting(Step::id).containsExactly("verify[1]");
    }

    @Test
    void effect_values_parse() {
        ParseResult r = RunbookParser.parse("e.yaml", "runbook: e\ntitle: t\nseverity: P3\nresolve:\n  - id: a\n    uses: shell\n    effect: destructive\n");
        assertThat(r.runbook().orElseThrow().steps(Phase.RESOLVE).get(0).effect()).isEqualTo(Effect.DESTRUCTIVE);
    }

    /** An undo is "a compensating step (same shape, no id)": every field a step has, less id, needs, undo, onFailure and outputs. */
    @Test
    void binds_an_undo_with_the_shape_of_a_step() {
        ParseResult r = RunbookParser.parse("u.yaml", """
                runbook: u
                title: Undo shape
                severity: P2
                resolve:
                  - id: drain
                    uses: shell
                    effect: write
                    with: { command: "kubectl drain node-1" }
                    undo:
                      title: Put the node back
                      uses: shell
                      effect: write
                      if: "!steps.drain.failed"
                      with: { command: "kubectl uncordon node-1" }
                      timeout: 2m
                      retry: { attempts: 4, delay: 10s }
                      confirm: "node-1 takes pods again"
                """);
        assertThat(r.diagnostics()).isEmpty();
        var u = r.runbook().orElseThrow().steps(Phase.RESOLVE).get(0).undo();
        assertThat(u.title()).isEqualTo("Put the node back");
        assertThat(u.uses()).isEqualTo("shell");
        assertThat(u.effect()).isEqualTo(Effect.WRITE);
        assertThat(u.ifExpr()).isEqualTo("!steps.drain.failed");
        assertThat(u.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(u.retry().attempts()).isEqualTo(4);
        assertThat(u.confirm()).isEqualTo("node-1 takes pods again");
        assertThat(u.at("timeout").line()).isEqualTo(15);

        ParseResult bad = RunbookParser.parse("u.yaml", """
                runbook: u
                title: Undo shape
                severity: P2
                resolve:
                  - id: drain
                    uses: shell
                    undo:
                      id: again
                      uses: shell
                      onFailure: continue
                      timeout: 5
                      effect: writes
                """);
        assertThat(lines(bad)).containsExactly(
                "u.yaml:8:7: error RB010: unknown field 'id' in undo (an undo has no 'id': it belongs to its step and runs when that step is undone)",
                "u.yaml:10:7: error RB010: unknown field 'onFailure' in undo (a failed undo always makes the rollback fail (the change is left in place and reported))",
                "u.yaml:11:16: error RB016: 'timeout' needs a unit: 5 of what? (write 5s, 5m or 5h)",
                "u.yaml:12:15: error RB017: 'effect' must be one of read, write, destructive, found 'writes' (did you mean 'write'?)");
    }
}
