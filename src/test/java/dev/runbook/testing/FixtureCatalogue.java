package dev.runbook.testing;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.ParamSpec;
import dev.runbook.action.Provider;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import java.time.Duration;
import java.util.List;

/** A catalogue of fixture actions shaped like the real ones, so check and CLI tests do not depend on providers. */
public final class FixtureCatalogue {
    private FixtureCatalogue() {}

    public static Catalogue create() {
        return new Catalogue(List.of(new Core(), new Cloud()));
    }

    static final class Core implements Provider {
        @Override
        public String id() {
            return "core";
        }

        @Override
        public List<ActionSpec> specs() {
            return List.of(
                    ActionSpec.builder("http.check", Effect.READ).description("Calls a URL and checks the answer")
                            .required("url", ParamType.URL, "the URL to call")
                            .param(ParamSpec.optional("method", ParamType.STRING, "GET", "HTTP method").allowing("GET", "HEAD", "POST"))
                            .optional("headers", ParamType.MAP, null, "request headers")
                            .optional("expect", ParamType.MAP, null, "expected status and body fields")
                            .optional("select", ParamType.MAP, null, "body fields to output: name: JSON Pointer")
                            .optional("timeout", ParamType.DURATION, "10s", "request timeout")
                            .output("status", ParamType.INT, "HTTP status")
                            .output("latencyMs", ParamType.INT, "time to the full answer")
                            .output("body", ParamType.ANY, "parsed JSON body")
                            .outputEntriesOrNull("fields", ParamType.MAP, "the fields named in select:, each null when the body has none")
                            .timeout(Duration.ofSeconds(30)).build(),
                    ActionSpec.builder("shell", Effect.WRITE).description("Runs a command (argv list, no shell)")
                            .required("command", ParamType.LIST, "argv")
                            .optional("env", ParamType.MAP, null, "environment variables")
                            .output("exitCode", ParamType.INT, "exit code")
                            .output("stdout", ParamType.STRING, "tail of stdout")
                            .authorDeclaresEffect().build(),
                    ActionSpec.builder("manual", Effect.READ).description("Asks the operator to do something")
                            .required("instructions", ParamType.STRING, "what to do")
                            .optional("checklist", ParamType.LIST, null, "items to confirm")
                            .authorDeclaresEffect().build(),
                    ActionSpec.builder("wait", Effect.READ).description("Waits")
                            .required("duration", ParamType.DURATION, "how long").build());
        }

        @Override
        public String factoryClass() {
            return "dev.runbook.testing.NoFactory";
        }
    }

    static final class Cloud implements Provider {
        @Override
        public String id() {
            return "test";
        }

        @Override
        public List<ActionSpec> specs() {
            return List.of(
                    ActionSpec.builder("test.get", Effect.READ).description("Reads an app")
                            .required("name", ParamType.STRING, "app name")
                            .output("state", ParamType.STRING, "Running or Stopped")
                            .output("plan", ParamType.STRING, "plan name")
                            .output("workers", ParamType.INT, "worker count")
                            .outputOrNull("lastDeploy", ParamType.STRING, "time of the last deployment, or null").build(),
                    ActionSpec.builder("test.scale", Effect.WRITE).description("Scales a plan")
                            .required("plan", ParamType.STRING, "plan name")
                            .required("workers", ParamType.INT, "worker count")
                            .optional("ratio", ParamType.NUMBER, 1.0, "ratio")
                            .optional("force", ParamType.BOOL, false, "force")
                            .param(ParamSpec.optional("tier", ParamType.STRING, "standard", "tier").allowing("basic", "standard", "premium"))
                            .output("workers", ParamType.INT, "new count")
                            .before("workers", ParamType.INT, "count before").build(),
                    ActionSpec.builder("test.delete", Effect.DESTRUCTIVE).description("Deletes an app")
                            .required("name", ParamType.STRING, "app name").target("name").build(),
                    ActionSpec.builder("test.assert", Effect.READ).description("Checks a condition")
                            .required("that", ParamType.BOOL, "the condition")
                            .output("holds", ParamType.BOOL, "true").argumentsOnly().build());
        }

        @Override
        public String factoryClass() {
            return "dev.runbook.testing.NoFactory";
        }
    }
}
