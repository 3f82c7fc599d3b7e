package dev.runbook.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.aws.AwsProvider;
import dev.runbook.action.azure.AzureProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The providers' preflight reads settings, environment and files only, and names every missing thing with its fix. */
class PreflightTest {
    @TempDir
    Path home;

    private static final List<Preflight.StepUse> AZURE = List.of(
            new Preflight.StepUse("app", "azure.webapp.get", Set.of("resourceGroup", "name")),
            new Preflight.StepUse("errors", "azure.monitor.logs-query", Set.of("resource", "query")));
    private static final List<Preflight.StepUse> AWS = List.of(new Preflight.StepUse("svc", "aws.ecs.describe-service", Set.of("cluster")));

    private List<Preflight.Need> azure(Map<String, String> settings, Map<String, String> env) {
        return new AzureProvider().preflight(new Preflight(settings, env, AZURE, home));
    }

    private List<Preflight.Need> aws(Map<String, String> settings, Map<String, String> env) {
        return new AwsProvider().preflight(new Preflight(settings, env, AWS, home));
    }

    @Test
    void azure_without_subscription_and_sign_in_reports_both_at_once() {
        List<Preflight.Need> needs = azure(Map.of(), Map.of());
        assertThat(needs).extracting(Preflight.Need::what)
                .containsExactly("no Azure subscription given (needed by app)", "no Azure sign-in found (no Azure CLI login, no service principal or managed identity)");
        assertThat(needs).extracting(Preflight.Need::fix).anySatisfy(f -> assertThat(f).contains("--azure-subscription"))
                .anySatisfy(f -> assertThat(f).contains("az login"));
    }

    @Test
    void azure_is_satisfied_by_a_subscription_and_an_az_login_or_a_service_principal() throws Exception {
        Files.createDirectories(home.resolve(".azure"));
        Files.writeString(home.resolve(".azure/msal_token_cache.json"), "{}");
        assertThat(azure(Map.of("azure.subscription", "00000000-0000-0000-0000-000000000001"), Map.of())).isEmpty();
        assertThat(azure(Map.of(), Map.of("AZURE_SUBSCRIPTION_ID", "00000000-0000-0000-0000-000000000001", "AZURE_CLIENT_ID", "x"))).isEmpty();
    }

    @Test
    void azure_names_a_display_name_given_as_subscription() {
        assertThat(azure(Map.of("azure.subscription", "Production"), Map.of("AZURE_CLIENT_ID", "x")))
                .extracting(Preflight.Need::what).containsExactly("Azure subscription 'Production' is not a subscription id");
    }

    @Test
    void aws_without_region_and_credentials_reports_both_at_once() {
        List<Preflight.Need> needs = aws(Map.of(), Map.of("AWS_CONFIG_FILE", home.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString()));
        assertThat(needs).extracting(Preflight.Need::what).containsExactly("no AWS region (profile 'default' names none)",
                "no AWS credentials for profile 'default'");
    }

    @Test
    void aws_takes_region_and_credentials_from_the_profile_in_the_config_file() throws Exception {
        Path config = home.resolve("config");
        Files.writeString(config, "[profile oncall]\nsso_session = corp\nregion = eu-west-1\n");
        assertThat(aws(Map.of("aws.profile", "oncall"), Map.of("AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString()))).isEmpty();
        assertThat(aws(Map.of(), Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s"))).isEmpty();
    }
}
