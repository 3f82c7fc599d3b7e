package dev.runbook.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.engine.ParamResolver;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import dev.runbook.testing.Fuzz;
import java.io.IOException;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@code --params FILE} (see {@link Fuzz}): {@link ParamsFile#read}, then
 * {@link ParamResolver#resolve} against a runbook that declares a parameter of every type. The contract: the file
 * is read or refused with an IOException whose message starts "--params"; the values are taken or refused with
 * {@link ParamResolver.Invalid}. Nothing else escapes.
 */
class ParamsFileFuzzTest {
    private static final Runbook RUNBOOK = RunbookParser.parse("params.yaml", """
            runbook: params
            title: Every parameter type
            severity: P3
            summary: for the fuzz test
            parameters:
              name:     { type: string, required: true }
              env:      { type: string, enum: [staging, production], default: production }
              count:    { type: int, default: 3 }
              level:    { type: int, enum: [1, 2, 3] }
              ratio:    { type: number }
              on:       { type: bool }
              url:      { type: url }
              wait:     { type: duration }
              tags:     { type: list }
              meta:     { type: map }
              any:      { type: any }
              token:    { type: string, secret: true }
            diagnose:
              - id: note
                uses: message
                with: { text: "${params.name}" }
            """).runbook().orElseThrow(() -> new IllegalStateException("the params runbook does not bind"));

    @FuzzTest
    void readAndResolve(byte[] data) {
        Map<String, Object> values;
        try {
            values = ParamsFile.read(Fuzz.scratch("params.yaml", data));
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("--params ")) {
                throw Fuzz.broken("an IOException that does not name --params: " + e, Fuzz.utf8(data));
            }
            return;
        }
        try {
            ParamResolver.resolve(RUNBOOK, Map.of(), values, Map.of(), null);
        } catch (ParamResolver.Invalid e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw Fuzz.broken("a refusal without a message", Fuzz.utf8(data));
        }
    }
}
