package dev.runbook.action.azure.sdk;

import com.azure.core.management.AzureEnvironment;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.model.Names;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Azure calls go: a named cloud (as {@code az cloud set} knows them) or a custom Resource
 * Manager endpoint (Azure Stack Hub style, as {@code az cloud register --endpoint-resource-manager}).
 */
record AzureCloud(String name, AzureEnvironment environment, String audience, String logAnalyticsEndpoint) {

    static final String ENDPOINT_ENV = "AZURE_RESOURCE_MANAGER_ENDPOINT";
    static final String LOGS_ENDPOINT_ENV = "AZURE_LOG_ANALYTICS_ENDPOINT";
    /** The Azure SDK's own variable; honoured here because the credential is built with the cloud's authority. */
    static final String AUTHORITY_ENV = "AZURE_AUTHORITY_HOST";

    private static final Map<String, AzureEnvironment> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("AzureCloud", AzureEnvironment.AZURE);
        NAMED.put("AzureUSGovernment", AzureEnvironment.AZURE_US_GOVERNMENT);
        NAMED.put("AzureChinaCloud", AzureEnvironment.AZURE_CHINA);
    }

    String resourceManagerEndpoint() {
        return environment.getResourceManagerEndpoint();
    }

    /** The scope a token for Resource Manager is requested with: audience + "/.default", as the SDK's own managers form it. */
    String armScope() {
        return audience + "/.default";
    }

    String authorityHost() {
        return environment.getActiveDirectoryEndpoint();
    }

    /** True when sign-in goes to an authority none of the named clouds uses (a private cloud's, or a local one). */
    boolean customAuthority() {
        return NAMED.values().stream().noneMatch(e -> slashed(e.getActiveDirectoryEndpoint()).equalsIgnoreCase(slashed(authorityHost())));
    }

    String keyVaultSuffix() {
        return environment.getKeyVaultDnsSuffix();
    }

    /**
     * From settings {@code azure.cloud}, {@code azure.endpoint}, {@code azure.audience}, {@code azure.logs-endpoint},
     * {@code azure.authority-host} or the environment.
     */
    static AzureCloud resolve(ActionContext ctx) throws ActionException {
        return resolve(ctx::setting, ctx.environment());
    }

    /** The same from settings and environment alone (the warm-up, before any step has a context). */
    static AzureCloud resolve(java.util.function.Function<String, Optional<String>> setting, Map<String, String> env) throws ActionException {
        Optional<String> endpoint = settingOrEnv(setting, env, "azure.endpoint", ENDPOINT_ENV);
        Optional<String> logs = settingOrEnv(setting, env, "azure.logs-endpoint", LOGS_ENDPOINT_ENV);
        Optional<String> authority = settingOrEnv(setting, env, "azure.authority-host", AUTHORITY_ENV);
        String cloudName = setting.apply("azure.cloud").filter(s -> !s.isBlank()).orElse("AzureCloud");
        AzureEnvironment base = named(cloudName);
        String logsEndpoint = logs.map(AzureCloud::logsV1).orElse(logsV1(base.getLogAnalyticsEndpoint()));
        if (endpoint.isEmpty() && authority.isEmpty()) {
            return new AzureCloud(cloudName, base, base.getManagementEndpoint(), logsEndpoint);
        }
        Map<String, String> endpoints = new HashMap<>(base.getEndpoints());
        if (authority.isPresent()) {
            endpoints.put("activeDirectoryEndpointUrl",
                    httpsUrl(authority.get(), "the sign-in authority (azure.authority-host / " + AUTHORITY_ENV + ")"));
        }
        if (endpoint.isEmpty()) {
            return new AzureCloud(cloudName, new AzureEnvironment(endpoints), base.getManagementEndpoint(), logsEndpoint);
        }
        String arm = httpsUrl(endpoint.get(), "the Resource Manager endpoint (azure.endpoint / " + ENDPOINT_ENV + ")");
        endpoints.put("resourceManagerEndpointUrl", arm);
        String audience = setting.apply("azure.audience").filter(s -> !s.isBlank()).orElse(arm);
        return new AzureCloud("custom " + arm, new AzureEnvironment(endpoints), audience, logsEndpoint);
    }

    private static Optional<String> settingOrEnv(java.util.function.Function<String, Optional<String>> settings, Map<String, String> environment,
                                                 String setting, String env) {
        return settings.apply(setting).or(() -> Optional.ofNullable(environment.get(env))).filter(s -> !s.isBlank());
    }

    private static String slashed(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static AzureEnvironment named(String cloudName) throws ActionException {
        for (Map.Entry<String, AzureEnvironment> e : NAMED.entrySet()) {
            if (e.getKey().equalsIgnoreCase(cloudName)) return e.getValue();
        }
        String hint = Names.closest(cloudName, NAMED.keySet()).map(n -> "did you mean " + n + "? ").orElse("")
                + "use one of " + String.join(", ", NAMED.keySet()) + ", or set azure.endpoint for a private cloud";
        throw ActionException.permanent("unknown Azure cloud '" + cloudName + "'", hint);
    }

    private static String httpsUrl(String raw, String what) throws ActionException {
        String s = raw.trim();
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw ActionException.permanent(what + " is not a URL: '" + s + "'", "give it like https://management.local.azurestack.external/");
        }
        if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
            throw ActionException.permanent(what + " must be an https:// URL, got '" + s + "'",
                    "Azure credentials are only sent over HTTPS; give it like https://management.local.azurestack.external/");
        }
        return s.endsWith("/") ? s : s + "/";
    }

    private static String logsV1(String base) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b.endsWith("/v1") ? b : b + "/v1";
    }
}
