package dev.runbook.action.sim;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small specs shaped like the real providers' ones, so these tests do not depend on which providers are built. */
final class TestSpecs {
    private TestSpecs() {}

    static final ActionSpec WEBAPP_GET = ActionSpec.builder("azure.webapp.get", Effect.READ)
            .required("resourceGroup", ParamType.STRING, "group")
            .required("name", ParamType.STRING, "app")
            .output("state", ParamType.STRING, "Running or Stopped")
            .output("plan", ParamType.STRING, "plan name")
            .output("instances", ParamType.INT, "workers")
            .build();

    static final ActionSpec PLAN_SCALE = ActionSpec.builder("azure.appservice.plan.scale", Effect.WRITE)
            .required("resourceGroup", ParamType.STRING, "group")
            .required("plan", ParamType.STRING, "plan")
            .optional("workers", ParamType.INT, null, "worker count")
            .optional("sku", ParamType.STRING, null, "sku")
            .before("workers", ParamType.INT, "workers before")
            .before("sku", ParamType.STRING, "sku before")
            .output("workers", ParamType.INT, "workers after")
            .build();

    static final ActionSpec DB_DELETE = ActionSpec.builder("aws.rds.delete-db-instance", Effect.DESTRUCTIVE)
            .required("instance", ParamType.STRING, "instance id")
            .target("instance")
            .build();

    static final ActionSpec HTTP_CHECK = ActionSpec.builder("http.check", Effect.READ)
            .required("url", ParamType.URL, "url")
            .optional("expect", ParamType.MAP, Map.of("status", 200L), "expectations")
            .optional("select", ParamType.MAP, Map.of(), "fields")
            .output("status", ParamType.INT, "status")
            .output("latencyMs", ParamType.INT, "latency")
            .output("ok", ParamType.BOOL, "ok")
            .output("body", ParamType.STRING, "body")
            .output("fields", ParamType.MAP, "fields")
            .timeout(Duration.ofSeconds(30))
            .build();

    static final ActionSpec SHELL = ActionSpec.builder("shell", Effect.WRITE)
            .required("command", ParamType.LIST, "argv")
            .param(ParamSpec.optional("successCodes", ParamType.LIST, List.of(0L), "ok codes"))
            .output("exitCode", ParamType.INT, "code")
            .output("stdout", ParamType.STRING, "out")
            .output("stderr", ParamType.STRING, "err")
            .authorDeclaresEffect()
            .build();
}
