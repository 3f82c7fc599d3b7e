package dev.runbook.action.azure.sdk;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.http.policy.ArmChallengeAuthenticationPolicy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import com.azure.monitor.query.MetricsQueryClient;
import com.azure.monitor.query.MetricsQueryClientBuilder;
import com.azure.resourcemanager.appservice.AppServiceManager;
import com.azure.resourcemanager.postgresqlflexibleserver.PostgreSqlManager;
import com.azure.resourcemanager.redis.RedisManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.servicebus.ServiceBusManager;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.runbook.action.ActionContext;
import reactor.core.publisher.Hooks;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Credentials, pipelines, managers and data-plane clients, each built on first use and cached. */
final class AzureClients {
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");

    private final Wiring wiring;
    private final Calls calls;
    private final Map<String, TokenCredential> credentials = new ConcurrentHashMap<>();
    private final Map<String, Object> clients = new HashMap<>();

    AzureClients(Wiring wiring) {
        this.wiring = wiring;
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "azure-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.calls = new Calls(executor);
        // A call abandoned on timeout or Ctrl-C fails later inside reactor; it was already reported.
        Hooks.onErrorDropped(t -> { });
    }

    Calls calls() {
        return calls;
    }

    /** The Resource Manager target of one step: cloud and subscription. */
    record Arm(AzureCloud cloud, String subscription, String tenant) {
        String key() {
            return cloud.resourceManagerEndpoint() + "|" + subscription;
        }
    }

    Arm arm(ActionContext ctx, Args args) throws ActionException {
        return arm(AzureCloud.resolve(ctx), args.optString("subscription").filter(s -> !s.isBlank()), ctx::setting, ctx.environment());
    }

    /** The target from the step's own {@code subscription:} ({@code given}), else the settings, else the environment. */
    private static Arm arm(AzureCloud cloud, Optional<String> given, java.util.function.Function<String, Optional<String>> setting,
                           Map<String, String> env) throws ActionException {
        Optional<String> sub = given
                .or(() -> setting.apply("azure.subscription").filter(s -> !s.isBlank()))
                .or(() -> Optional.ofNullable(env.get("AZURE_SUBSCRIPTION_ID")).filter(s -> !s.isBlank()));
        if (sub.isEmpty()) {
            throw ActionException.permanent("no Azure subscription given",
                    "pass --azure-subscription, set AZURE_SUBSCRIPTION_ID, or add subscription: to the step's with:")
                    .reaching(ActionException.Reach.SIGN_IN);
        }
        String s = sub.get().trim();
        if (!GUID.matcher(s).matches()) {
            throw ActionException.permanent("Azure subscription '" + s + "' is not a subscription id",
                    "give the id (a GUID, see 'az account list -o table'), not the display name");
        }
        String tenant = setting.apply("azure.tenant").or(() -> Optional.ofNullable(env.get("AZURE_TENANT_ID")))
                .filter(t -> !t.isBlank()).orElse(null);
        return new Arm(cloud, s.toLowerCase(Locale.ROOT), tenant);
    }

    /**
     * {@link dev.runbook.action.ActionFactory#warmUp}: the credential, the Resource Manager sign-in (started, in
     * {@link SharedTokens}' own thread: the first call that needs the token waits for this one instead of signing in
     * again), and the pipelines, managers and clients of the actions a runbook uses, built without a call. Each part
     * that cannot be built as configured (no subscription yet, a bad endpoint) is left to the first call, which says why.
     */
    void warmUp(java.util.Set<String> actions, Map<String, String> settings, Map<String, String> env) {
        java.util.function.Function<String, Optional<String>> setting = k -> Optional.ofNullable(settings.get(k));
        AzureCloud cloud;
        try {
            cloud = AzureCloud.resolve(setting, env);
        } catch (ActionException | RuntimeException e) {
            return;
        }
        TokenCredential credential = credential(cloud);
        Arm target;
        try {
            target = arm(cloud, Optional.empty(), setting, env);
        } catch (ActionException | RuntimeException e) {
            target = null; // no subscription yet: the steps fail before they sign in, so nothing signs in now either
        }
        if (target != null) {
            quietly(() -> credential.getToken(new com.azure.core.credential.TokenRequestContext().addScopes(cloud.armScope()))
                    .subscribe(t -> { }, e -> { }));
        }
        for (String a : actions) {
            Arm arm = target;
            if (a.equals("azure.monitor.logs-query")) quietly(() -> logs(cloud));
            else if (a.equals("azure.monitor.metric")) quietly(() -> metrics(cloud));
            else if (arm == null) continue;
            else if (a.equals("azure.whoami")) quietly(() -> resources(arm).subscriptions());
            else if (a.startsWith("azure.webapp.")) quietly(() -> appService(arm).serviceClient().getWebApps());
            else if (a.startsWith("azure.appservice.plan.")) quietly(() -> appService(arm).serviceClient().getAppServicePlans());
            else if (a.startsWith("azure.postgres.")) quietly(() -> postgres(arm).serviceClient().getServers());
            else if (a.startsWith("azure.redis.")) quietly(() -> redis(arm));
            else if (a.startsWith("azure.servicebus.")) quietly(() -> serviceBus(arm));
        }
    }

    private static void quietly(Supplier<?> build) {
        try {
            build.get();
        } catch (RuntimeException | LinkageError e) {
            // the first call builds it again and reports what is wrong
        }
    }

    TokenCredential credential(AzureCloud cloud) {
        return credentials.computeIfAbsent(cloud.authorityHost(), h -> new SharedTokens(wiring.credentials().apply(cloud, wiring.httpClient())));
    }

    private HttpPipeline armPipeline(Arm arm) {
        return cached("pipeline|" + arm.cloud().resourceManagerEndpoint(), () -> {
            List<HttpPipelinePolicy> policies = List.of(
                    new UserAgentPolicy("runbook"),
                    new RequestIdPolicy(),
                    new RetryPolicy(wiring.retry()),
                    new AddDatePolicy(),
                    new ArmChallengeAuthenticationPolicy(credential(arm.cloud()), arm.cloud().armScope()),
                    new HttpLoggingPolicy(new HttpLogOptions()));
            return new HttpPipelineBuilder().httpClient(wiring.httpClient())
                    .policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
        });
    }

    private AzureProfile profile(Arm arm) {
        return new AzureProfile(arm.tenant(), arm.subscription(), arm.cloud().environment());
    }

    AppServiceManager appService(Arm arm) {
        return cached("appservice|" + arm.key(), () -> AppServiceManager.authenticate(armPipeline(arm), profile(arm)));
    }

    RedisManager redis(Arm arm) {
        return cached("redis|" + arm.key(), () -> RedisManager.authenticate(armPipeline(arm), profile(arm)));
    }

    ServiceBusManager serviceBus(Arm arm) {
        return cached("servicebus|" + arm.key(), () -> ServiceBusManager.authenticate(armPipeline(arm), profile(arm)));
    }

    PostgreSqlManager postgres(Arm arm) {
        return cached("postgres|" + arm.key(), () -> PostgreSqlManager.authenticate(armPipeline(arm), profile(arm)));
    }

    ResourceManager.Authenticated resources(Arm arm) {
        return cached("resources|" + arm.key(), () -> ResourceManager.authenticate(armPipeline(arm), profile(arm)));
    }

    LogsQueryClient logs(AzureCloud cloud) {
        return cached("logs|" + cloud.logAnalyticsEndpoint(), () -> new LogsQueryClientBuilder()
                .endpoint(cloud.logAnalyticsEndpoint())
                .credential(credential(cloud))
                .httpClient(wiring.httpClient())
                .retryOptions(wiring.retry())
                .buildClient());
    }

    MetricsQueryClient metrics(AzureCloud cloud) {
        String arm = cloud.resourceManagerEndpoint();
        return cached("metrics|" + arm, () -> new MetricsQueryClientBuilder()
                .endpoint(arm.endsWith("/") ? arm.substring(0, arm.length() - 1) : arm)
                .credential(credential(cloud))
                .httpClient(wiring.httpClient())
                .retryOptions(wiring.retry())
                .buildClient());
    }

    /** A vault given by name ({@code kv-prod}) or URL ({@code https://kv-prod.vault.azure.net}). */
    String vaultUrl(AzureCloud cloud, String vault) throws ActionException {
        String v = vault.trim();
        if (v.contains("://")) {
            if (!v.toLowerCase(Locale.ROOT).startsWith("https://")) {
                throw ActionException.permanent("Key Vault URL must use https: '" + v + "'");
            }
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }
        if (!VAULT_NAME.matcher(v).matches()) {
            throw ActionException.permanent("'" + v + "' is not a Key Vault name",
                    "give the vault name (3-24 letters, digits, dashes) or its URL https://NAME.vault.azure.net");
        }
        String suffix = cloud.keyVaultSuffix();
        return "https://" + v.toLowerCase(Locale.ROOT) + (suffix.startsWith(".") ? suffix : "." + suffix);
    }

    SecretClient secrets(AzureCloud cloud, String vaultUrl) {
        return cached("vault|" + vaultUrl, () -> {
            SecretClientBuilder b = new SecretClientBuilder()
                    .vaultUrl(vaultUrl)
                    .credential(credential(cloud))
                    .httpClient(wiring.httpClient())
                    .retryOptions(wiring.retry());
            if (!wiring.verifyVaultChallenge()) b.disableChallengeResourceVerification();
            return b.buildClient();
        });
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T cached(String key, Supplier<T> make) {
        // Not computeIfAbsent: building a manager builds (and caches) its pipeline first.
        Object v = clients.get(key);
        if (v == null) {
            v = make.get();
            clients.put(key, v);
        }
        return (T) v;
    }
}
