package dev.runbook.action.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runbook.action.ActionException;
import org.junit.jupiter.api.Test;

class AzureCloudTest {
    private final FakeContext ctx = new FakeContext("unused");

    AzureCloudTest() {
        ctx.settings.clear();
    }

    @Test
    void defaults_to_the_public_cloud() throws Exception {
        AzureCloud c = AzureCloud.resolve(ctx);
        assertThat(c.resourceManagerEndpoint()).isEqualTo("https://management.azure.com/");
        assertThat(c.armScope()).isEqualTo("https://management.core.windows.net//.default");
        assertThat(c.logAnalyticsEndpoint()).isEqualTo("https://api.loganalytics.io/v1");
    }

    @Test
    void sovereign_clouds_change_every_endpoint_and_the_authority() throws Exception {
        ctx.settings.put("azure.cloud", "AzureUSGovernment");
        AzureCloud gov = AzureCloud.resolve(ctx);
        assertThat(gov.resourceManagerEndpoint()).isEqualTo("https://management.usgovcloudapi.net/");
        assertThat(gov.authorityHost()).contains("login.microsoftonline.us");
        assertThat(gov.logAnalyticsEndpoint()).isEqualTo("https://api.loganalytics.us/v1");
        ctx.settings.put("azure.cloud", "AzureChinaCloud");
        assertThat(AzureCloud.resolve(ctx).resourceManagerEndpoint()).isEqualTo("https://management.chinacloudapi.cn/");
    }

    @Test
    void an_unknown_cloud_suggests_the_closest_name() {
        ctx.settings.put("azure.cloud", "AzureUSGovernmnet");
        ActionException e = catchThrowableOfType(ActionException.class, () -> AzureCloud.resolve(ctx));
        assertThat(e.getMessage()).contains("unknown Azure cloud 'AzureUSGovernmnet'");
        assertThat(e.hint()).contains("did you mean AzureUSGovernment?");
    }

    @Test
    void a_custom_resource_manager_endpoint_comes_from_the_environment_like_azure_stack_hub() throws Exception {
        ctx.env.put("AZURE_RESOURCE_MANAGER_ENDPOINT", "https://management.local.azurestack.external");
        AzureCloud c = AzureCloud.resolve(ctx);
        assertThat(c.resourceManagerEndpoint()).isEqualTo("https://management.local.azurestack.external/");
        assertThat(c.armScope()).isEqualTo("https://management.local.azurestack.external//.default");
        ctx.settings.put("azure.audience", "https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155");
        assertThat(AzureCloud.resolve(ctx).armScope()).isEqualTo("https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155/.default");
    }

    @Test
    void refuses_a_plain_http_endpoint() {
        ctx.settings.put("azure.endpoint", "http://127.0.0.1:8080");
        ActionException e = catchThrowableOfType(ActionException.class, () -> AzureCloud.resolve(ctx));
        assertThat(e.getMessage()).contains("must be an https:// URL");
    }

    @Test
    void the_sign_in_authority_follows_azure_authority_host_like_the_sdk() throws Exception {
        assertThat(AzureCloud.resolve(ctx).customAuthority()).isFalse();
        ctx.settings.put("azure.cloud", "AzureChinaCloud");
        assertThat(AzureCloud.resolve(ctx).customAuthority()).isFalse();
        ctx.settings.clear();

        ctx.env.put("AZURE_AUTHORITY_HOST", "https://login.local.azurestack.external");
        AzureCloud c = AzureCloud.resolve(ctx);
        assertThat(c.authorityHost()).isEqualTo("https://login.local.azurestack.external/");
        assertThat(c.customAuthority()).isTrue();
        assertThat(c.resourceManagerEndpoint()).as("only the authority moves").isEqualTo("https://management.azure.com/");
        assertThat(c.armScope()).isEqualTo("https://management.core.windows.net//.default");

        ctx.settings.put("azure.authority-host", "https://adfs.local.azurestack.external/");
        ctx.settings.put("azure.endpoint", "https://management.local.azurestack.external");
        c = AzureCloud.resolve(ctx);
        assertThat(c.authorityHost()).as("the setting wins over the variable").isEqualTo("https://adfs.local.azurestack.external/");
        assertThat(c.resourceManagerEndpoint()).isEqualTo("https://management.local.azurestack.external/");
    }

    @Test
    void refuses_a_plain_http_authority() {
        ctx.env.put("AZURE_AUTHORITY_HOST", "http://127.0.0.1:8080");
        ActionException e = catchThrowableOfType(ActionException.class, () -> AzureCloud.resolve(ctx));
        assertThat(e.getMessage()).contains("sign-in authority", "AZURE_AUTHORITY_HOST", "must be an https:// URL");
    }
}
