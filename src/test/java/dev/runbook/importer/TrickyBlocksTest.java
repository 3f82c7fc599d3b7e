package dev.runbook.importer;

import static dev.runbook.importer.ImportSupport.arg;
import static dev.runbook.importer.ImportSupport.run;
import static dev.runbook.importer.ImportSupport.validated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Effect;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks real pages hold: continuations, heredocs, pipes, prompts with output, psql sessions, templating, CRLF. */
class TrickyBlocksTest {
    @TempDir
    Path dir;

    static String fence(String info, String... lines) {
        return "```" + info + "\n" + String.join("\n", lines) + "\n```\n";
    }

    Runbook page(String body) {
        Draft d = run("t.md", "# T\n\n## Diagnosis\n\n" + body, null, false).get(0);
        return validated(d, dir);
    }

    Draft draft(String body) {
        return run("t.md", "# T\n\n## Diagnosis\n\n" + body, null, false).get(0);
    }

    @Test
    void splits_argv_like_a_posix_shell() throws Exception {
        ShellSyntax.Parsed p = ShellSyntax.parse("echo 'a b' \"c $X d\" e\\ f \"q\\\"x\" '' g'h'\"i\"");
        assertThat(p.simple()).isTrue();
        assertThat(p.words().stream().map(ShellSyntax.Word::display)).containsExactly("echo", "a b", "c $X d", "e f", "q\"x", "", "ghi");
        assertThat(ShellSyntax.parse("FOO=1 BAR='x y' cmd --a").assignments()).extracting(ShellSyntax.Assignment::name).containsExactly("FOO", "BAR");
        assertThat(ShellSyntax.parse("a | b").needsShell()).containsExactly("pipe");
        assertThat(ShellSyntax.parse("a && b").needsShell()).containsExactly("list");
        assertThat(ShellSyntax.parse("a > f").needsShell()).containsExactly("redirection");
        assertThat(ShellSyntax.parse("a 2>&1").needsShell()).containsExactly("redirection");
        assertThat(ShellSyntax.parse("a $(date)").needsShell()).containsExactly("command substitution");
        assertThat(ShellSyntax.parse("a `date`").needsShell()).containsExactly("command substitution");
        assertThat(ShellSyntax.parse("ls *.sql").needsShell()).containsExactly("glob");
        assertThat(ShellSyntax.parse("echo '*.sql' \"a|b\"").simple()).isTrue();
        assertThat(ShellSyntax.parse("kubectl describe pod <pod-name>").simple()).as("<pod-name> is a placeholder, not a redirection").isTrue();
        assertThat(ShellSyntax.parse("echo hi # note").comment()).isEqualTo("note");
        assertThat(ShellSyntax.parse("echo a#b").words()).hasSize(2);
        assertThat(ShellSyntax.complete("echo 'open")).isFalse();
        assertThat(ShellSyntax.complete("echo a \\")).isFalse();
        assertThat(ShellSyntax.complete("a |")).isFalse();
        assertThat(ShellSyntax.heredocs("cat <<'EOF' | kubectl apply -f -")).containsExactly("EOF");
        assertThat(ShellSyntax.heredocs("grep x <<< \"$y\"")).isEmpty();
    }

    @Test
    void continuation_lines_are_one_step_with_the_first_line_and_the_comment_as_title() {
        Draft d = draft(fence("bash", "# Restart it", "az webapp restart \\", "  --name web \\", "  -g rg"));
        assertThat(d.allSteps()).hasSize(1);
        Draft.Step s = d.allSteps().get(0);
        assertThat(s.uses).isEqualTo("azure.webapp.restart");
        assertThat(s.title).isEqualTo("Restart it");
        assertThat(s.line).isEqualTo(7);
        assertThat(s.with).containsEntry("name", "web").containsEntry("resourceGroup", "rg");
        assertThat(s.command).startsWith("az webapp restart \\\n");
        validated(d, dir);
    }

    @Test
    void prompts_are_stripped_and_output_is_not_a_step() {
        Draft d = draft(fence("console",
                "user@host:~$ kubectl get pods",
                "NAME        READY   STATUS",
                "api-1       1/1     Running",
                "$ curl -fsS https://example.com/health",
                "{\"status\":\"ok\"}"));
        assertThat(d.allSteps()).extracting(s -> s.uses).containsExactly("shell", "http.check");
        assertThat(d.allSteps().get(0).with.get("command")).isEqualTo(List.of("kubectl", "get", "pods"));
        assertThat(d.allSteps().get(0).command).isEqualTo("kubectl get pods");
        assertThat(d.skipped).extracting(Draft.Skip::why).containsOnly("output");
        assertThat(d.skipped).extracting(Draft.Skip::line).containsExactly(7, 8, 10);
        validated(d, dir);
    }

    @Test
    void psql_sessions_map_select_to_postgres_query_and_keep_meta_commands() {
        Draft d = draft(fence("",
                "app=# SELECT pid, state",
                "app-#   FROM pg_stat_activity;",
                " pid | state",
                "-----+-------",
                "app=# \\dt",
                "app=# DELETE FROM sessions WHERE expired;"));
        assertThat(d.allSteps()).extracting(s -> s.uses).containsExactly("postgres.query", "shell", "shell");
        assertThat(d.allSteps().get(0).with.get("sql")).isEqualTo("SELECT pid, state\n  FROM pg_stat_activity");
        assertThat(d.allSteps().get(1).finalEffect).isEqualTo("read");
        assertThat(d.allSteps().get(2).finalEffect).isEqualTo("destructive");
        validated(d, dir);
    }

    @Test
    void psql_dash_c_select_is_postgres_query_and_curl_f_is_http_check() {
        Runbook rb = page(fence("bash",
                "psql \"$DATABASE_URL\" -c \"SELECT count(*) FROM pg_stat_activity\"",
                "psql -h db.internal -U app -d orders -c 'SELECT 1'",
                "curl -f https://api.example.com/health"));
        assertThat(rb.allSteps()).extracting(Step::uses).containsExactly("postgres.query", "postgres.query", "http.check");
        assertThat(arg(rb.allSteps().get(0), "connection")).isEqualTo("${params.databaseUrl}");
        assertThat(arg(rb.allSteps().get(1), "connection")).isEqualTo(java.util.Map.of("host", "db.internal", "user", "app", "database", "orders"));
        assertThat(arg(rb.allSteps().get(2), "url")).isEqualTo("https://api.example.com/health");
    }

    @Test
    void heredocs_pipes_and_substitutions_keep_a_sh_c_form_with_a_todo() {
        Draft d = draft(fence("bash",
                "cat <<EOF | kubectl apply -f -",
                "apiVersion: v1",
                "kind: ConfigMap",
                "EOF",
                "kubectl get pods | grep -v Running",
                "kubectl delete pod $(kubectl get pods -o name | head -1)"));
        assertThat(d.allSteps()).hasSize(3);
        Draft.Step here = d.allSteps().get(0);
        assertThat(here.with.get("command")).isEqualTo(List.of("sh", "-c", "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nEOF"));
        assertThat(here.finalEffect).isEqualTo("write");
        assertThat(here.todos).anyMatch(t -> t.contains("sh -c (") && t.contains("heredoc"));
        assertThat(d.allSteps().get(1).finalEffect).isEqualTo("read");
        assertThat(d.allSteps().get(2).finalEffect).isEqualTo("destructive");
        validated(d, dir);
    }

    @Test
    void env_assignments_sudo_and_standalone_variables() {
        Draft d = draft(fence("bash",
                "export NAMESPACE=payments",
                "RESOURCE_GROUP=rg-prod",
                "KUBECONFIG=/tmp/k kubectl -n $NAMESPACE get pods",
                "sudo systemctl restart nginx",
                "az webapp restart --name api --resource-group $RESOURCE_GROUP"));
        assertThat(d.allSteps()).extracting(s -> s.uses).containsExactly("shell", "shell", "azure.webapp.restart");
        Draft.Step k = d.allSteps().get(0);
        assertThat(k.with.get("env")).isEqualTo(java.util.Map.of("KUBECONFIG", "/tmp/k"));
        assertThat(k.with.get("command")).isEqualTo(List.of("kubectl", "-n", "${params.namespace}", "get", "pods"));
        assertThat(k.finalEffect).isEqualTo("read");
        assertThat(d.parameters.get("namespace").defaultValue).isEqualTo("payments");
        assertThat(d.parameters.get("resourceGroup").defaultValue).isEqualTo("rg-prod");
        assertThat(d.allSteps().get(1).todos).anyMatch(t -> t.contains("sudo"));
        assertThat(d.allSteps().get(1).finalEffect).isEqualTo("write");
        assertThat(d.allSteps().get(2).with.get("resourceGroup")).isEqualTo("${params.resourceGroup}");
        validated(d, dir);
    }

    @Test
    void placeholders_become_deduplicated_parameters_and_secrets_go_through_env() {
        Draft d = draft(fence("bash",
                "az webapp restart --name YOUR_APP_NAME --resource-group <resource-group>",
                "az webapp show --name ${APP_NAME} -g {resourceGroup}",
                "curl -H \"Authorization: Bearer $API_TOKEN\" https://x.example.com/{{ env }}/status",
                "mysql -p$DB_PASSWORD -e 'select 1'"));
        assertThat(d.parameters).containsKeys("appName", "resourceGroup", "apiToken", "env", "dbPassword");
        assertThat(d.parameters.keySet().stream().filter(k -> k.equals("appName") || k.equals("resourceGroup"))).hasSize(2);
        assertThat(d.parameters.get("apiToken").secret).isTrue();
        assertThat(d.parameters.get("dbPassword").secret).isTrue();
        // a secret in a header is where RB060 wants it
        Draft.Step curl = d.allSteps().get(2);
        assertThat(curl.uses).isEqualTo("http.check");
        assertThat(curl.with.get("headers")).isEqualTo(java.util.Map.of("Authorization", "Bearer ${params.apiToken}"));
        assertThat(curl.with.get("url")).isEqualTo("https://x.example.com/${params.env}/status");
        // a secret on a command line: sh -c, the value through env:
        Draft.Step mysql = d.allSteps().get(3);
        assertThat(((List<?>) mysql.with.get("command")).subList(0, 2)).isEqualTo(List.of("sh", "-c"));
        assertThat(String.valueOf(mysql.with.get("command"))).doesNotContain("params.dbPassword");
        assertThat(mysql.with.get("env")).isEqualTo(java.util.Map.of("DB_PASSWORD", "${params.dbPassword}"));
        validated(d, dir);
    }

    @Test
    void erb_and_jinja_templating_are_placeholders() {
        Draft d = draft(fence("bash",
                "kubectl -n {{ namespace }} rollout status deploy/<%= @app %>"));
        assertThat(d.allSteps().get(0).with.get("command")).isEqualTo(List.of("kubectl", "-n", "${params.namespace}", "rollout", "status", "deploy/${params.app}"));
        validated(d, dir);
    }

    @Test
    void crlf_pages_and_fences_nested_in_lists_and_html() {
        String page = "# T\r\n\r\n## Resolution\r\n\r\n1. Restart:\r\n   ```bash\r\n   az webapp restart -n a -g b\r\n   ```\r\n"
                + "\r\n<details>\r\n<summary>more</summary>\r\n```bash\r\nkubectl get pods\r\n```\r\n</details>\r\n";
        Draft d = run("t.md", page, null, false).get(0);
        assertThat(d.allSteps()).extracting(s -> s.uses).containsExactly("azure.webapp.restart", "shell");
        assertThat(d.allSteps().get(0).line).isEqualTo(7);
        assertThat(d.allSteps().get(0).title).isEqualTo("Restart");
        assertThat(d.allSteps().get(1).line).isEqualTo(13);
        validated(d, dir);
    }

    @Test
    void unknown_flags_keep_the_command_as_shell_and_effects_are_never_lowered() {
        Draft d = draft(fence("bash",
                "az webapp restart --name a -g b --ids x",
                "aws ecs update-service --cluster c --service s --force-new-deployment",
                "az appservice plan update --name p -g rg"));
        assertThat(d.allSteps().get(0).uses).isEqualTo("shell");
        Draft.Step ecs = d.allSteps().get(1);
        assertThat(ecs.uses).isEqualTo("aws.ecs.update-service");
        assertThat(ecs.effect).as("'force' raises the action's write").isEqualTo("destructive");
        assertThat(d.allSteps().get(2).uses).as("no --sku or --number-of-workers: not a scale").isEqualTo("shell");
        for (Draft.Step s : d.allSteps()) {
            Effect own = ImportSupport.CATALOGUE.spec(s.uses).get().effect();
            assertThat(Effect.parse(s.finalEffect).get()).isGreaterThanOrEqualTo(own);
        }
        validated(d, dir);
    }

    @Test
    void aws_ecs_desired_count_and_unlabelled_blocks() {
        Draft d = draft(fence("", "aws ecs update-service --cluster $CLUSTER --service api --desired-count 4")
                + fence("", "https://portal.azure.com/#@{tenantId}/resource"));
        assertThat(d.allSteps()).hasSize(1);
        Draft.Step s = d.allSteps().get(0);
        assertThat(s.uses).isEqualTo("aws.ecs.update-service");
        assertThat(s.with).containsEntry("desiredCount", 4L).containsEntry("cluster", "${params.cluster}");
        assertThat(d.skipped).anyMatch(k -> k.why().startsWith("not a command"));
        validated(d, dir);
    }

    @Test
    void int_arguments_type_their_parameter() {
        Draft d = draft(fence("bash", "aws ecs update-service --cluster c --service s --desired-count $COUNT"));
        assertThat(d.parameters.get("count").type).isEqualTo("int");
        validated(d, dir);
    }

    @Test
    void stdout_redirection_of_pg_dump_is_the_dump_file_and_a_pipe_after_it_stays_shell() {
        Draft d = draft(fence("bash",
                "pg_dump $DATABASE_URL > backup_$(date +%Y%m%d_%H%M%S).sql",
                "pg_dump $DATABASE_URL > a.sql | gzip"));
        assertThat(d.allSteps()).extracting(s -> s.uses).containsExactly("postgres.dump", "shell");
        assertThat(d.allSteps().get(0).with).containsEntry("connection", "${params.databaseUrl}")
                .containsEntry("file", "backup_${run.id.split('-')[0]}_${run.id.split('-')[1]}.sql");
        assertThat(d.allSteps().get(0).todos).anyMatch(t -> t.contains("run.id"));
        validated(d, dir);
    }
}
