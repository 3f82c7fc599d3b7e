package dev.runbook.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the launcher's start-up cache (AppCDS archive on JDK 17-24, AOT cache on 25+):
 * the commands an engineer runs in an incident, in one JVM, so that the classes they load are archived.
 * {@code Training DIR} writes a few runbooks into the empty folder DIR and runs {@code --help}, {@code new},
 * {@code validate}, {@code list}, {@code show}, {@code actions}, {@code schema} and an offline dry run
 * against them, with all output discarded. It loads no provider implementation.
 */
public final class Training {
    private Training() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: Training DIR");
        Path work = Path.of(args[0]);
        Path runbooks = work.resolve("runbooks");
        Files.createDirectories(runbooks);
        for (int i = 1; i <= 8; i++) {
            Files.writeString(runbooks.resolve("svc-" + i + "-down.yaml"), sample(i), StandardCharsets.UTF_8);
        }
        // 40 files: validate checks that many on a pool of threads, a path of its own to archive
        Path bulk = work.resolve("bulk");
        Files.createDirectories(bulk);
        for (int i = 1; i <= 40; i++) {
            Files.writeString(bulk.resolve("app-" + i + "-slow.yaml"), rich(i), StandardCharsets.UTF_8);
        }
        Path broken = work.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("broken.yaml"), BROKEN, StandardCharsets.UTF_8);
        // YAML that FastYaml leaves to the full reader: a syntax error, and (clean) a quoted scalar over two lines,
        // so SnakeYAML's classes are archived for the files that need them
        Files.writeString(broken.resolve("syntax.yaml"), "runbook: syntax\ntitle: [unclosed\n", StandardCharsets.UTF_8);
        Files.writeString(runbooks.resolve("folded.yaml"), FOLDED, StandardCharsets.UTF_8);

        String state = work.resolve("state").toString();
        List<List<String>> commands = List.of(
                List.of("--help"),
                List.of("--version"),
                List.of("help", "validate"),
                List.of("validate", "--help"),
                List.of("exec", "--help"),
                List.of("rehearse", "--help"),
                List.of("new", "svc-new"),
                List.of("validate"),
                List.of("validate", "--format", "json", "runbooks"),
                List.of("validate", "broken"),
                List.of("validate", "--format", "github", "broken"),
                List.of("validate", "--strict", "--format=sarif", "runbooks", "broken"),
                List.of("validate", "--format", "nope"),
                List.of("validate", "bulk"),
                List.of("validate", "--format", "json", "bulk"),
                List.of("list"),
                List.of("list", "--names"),
                List.of("show", "svc-1-down"),
                List.of("show", "svc-2-down", "--graph", "mermaid"),
                List.of("show", "no-such-runbook"),
                List.of("actions"),
                List.of("actions", "aws.ecs.update-service"),
                List.of("schema"),
                List.of("exec", "svc-3-down", "--dry-run", "--offline", "--no-input", "--state-dir", state,
                        "-p", "app=api"),
                List.of("bogus-command"));
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (List<String> command : commands) {
            String[] argv = command.toArray(String[]::new);
            RunbookCommand root = new RunbookCommand(work, Map.of(), new RunbookCommand.StandardCatalogue());
            Main.run(root, argv, nowhere, nowhere);
        }
    }

    private static String sample(int i) {
        return """
                runbook: svc-%1$d-down
                title: Service %1$d answers 5xx
                severity: P%2$d
                summary: The service's API answers 5xx or not at all.
                parameters:
                  app: { type: string, required: true, description: App name }
                  cluster: { type: string, default: prod }
                  healthUrl: { type: url, default: "https://svc-%1$d.example.test/health" }
                  workers: { type: int, default: 3 }
                env: [PAGER_TEAM]
                diagnose:
                  - id: health
                    uses: http.check
                    with: { url: "${params.healthUrl}", expect: { status: 200 }, timeout: 5s }
                    onFailure: continue
                  - id: service
                    uses: aws.ecs.describe-service
                    with: { cluster: "${params.cluster}", service: "${params.app}" }
                  - id: webapp
                    uses: azure.webapp.get
                    with: { resourceGroup: "rg-${params.app}", name: "${params.app}-web" }
                resolve:
                  - id: scale-out
                    if: "steps.health.failed && steps.service.outputs.runningCount < params.workers"
                    uses: aws.ecs.update-service
                    with: { cluster: "${params.cluster}", service: "${params.app}", desiredCount: "${params.workers}" }
                    retry: { attempts: 3, delay: 10s, backoff: 2 }
                  - id: restart
                    uses: shell
                    effect: write
                    with: { command: [systemctl, restart, "${params.app}"] }
                    undo:
                      uses: manual
                      with: { instructions: "Nothing to undo for a restart" }
                verify:
                  - id: healthy
                    uses: http.check
                    with: { url: "${params.healthUrl}" }
                    retry: { attempts: 5, delay: 10s }
                  - id: settle
                    uses: wait
                    with: { duration: 1m }
                rollback:
                  - id: page
                    uses: manual
                    with: { instructions: "Page ${env.PAGER_TEAM} about run ${run.id}" }
                """.formatted(i, i % 4);
    }

    /** The rest of the format validate reads: needs, escalation, enums, confirm, timeouts, undo reading a step's state. */
    private static String rich(int i) {
        return """
                runbook: app-%1$d-slow
                title: App %1$d is slow
                severity: P%2$d
                summary: |
                  Latency of app %1$d is over its objective.
                symptoms:
                  - p99 latency over 2s
                escalation:
                  - after: 20m
                    to: On-call lead
                parameters:
                  app: { type: string, required: true, description: App name }
                  environment: { type: string, enum: [staging, production], default: production }
                  replicas: { type: int, default: 6 }
                env: [PAGER_TEAM]
                diagnose:
                  - id: latency
                    title: Read the latency
                    uses: http.check
                    with: { url: "https://app-%1$d.example.test/health", expect: { status: 200 }, timeout: 5s }
                    needs: []
                    onFailure: continue
                  - id: service
                    uses: aws.ecs.describe-service
                    with: { cluster: "${params.environment}", service: "${params.app}" }
                    needs: [latency]
                resolve:
                  - id: scale-up
                    title: More replicas
                    if: "steps.latency.failed || steps.service.outputs.runningCount < params.replicas"
                    uses: aws.ecs.update-service
                    with: { cluster: "${params.environment}", service: "${params.app}", desiredCount: "${params.replicas}" }
                    confirm: "Scaling ${params.app} to ${params.replicas} tasks"
                    retry: { attempts: 3, delay: 10s, backoff: 2 }
                    timeout: 5m
                    undo:
                      uses: aws.ecs.update-service
                      with: { cluster: "${params.environment}", service: "${params.app}", desiredCount: "${steps['scale-up'].before.desiredCount}" }
                verify:
                  - id: fast
                    uses: http.check
                    with: { url: "https://app-%1$d.example.test/health" }
                    retry: { attempts: 10, delay: 30s }
                rollback:
                  - id: page
                    uses: manual
                    with:
                      instructions: "Page ${env.PAGER_TEAM}: app %1$d still slow after run ${run.id}"
                """.formatted(i, i % 4);
    }

    private static final String FOLDED = """
            runbook: folded
            title: "A title written over two lines,
              in quotes"
            severity: P3
            diagnose:
              - id: look
                uses: message
                with: { text: "nothing to do" }
              - id: shapes
                # calls, conditionals, list and map literals: the expression classes the common templates do not need
                if: "(size(['a', 'b']) > 0 ? true : false) && size({'k': 1}) == 1"
                uses: message
                with: { text: "shapes" }
            """;

    private static final String BROKEN = """
            runbook: broken
            title: Broken on purpose
            severity: P9
            diagnose:
              - id: a
                uses: aws.ecs.describe-servce
                with: { cluster: x }
              - id: a
                uses: http.check
                needs: [zzz]
                with: { url: "${params.nope}", timeot: 5s }
            """;
}
