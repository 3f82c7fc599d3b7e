package dev.runbook.action.aws.sdk;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients lazily, one per (service, region, profile, endpoint), and keeps them for the
 * life of the process. Endpoints come from the SDK's own settings ({@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code endpoint_url} in the profile), which the SDK honours
 * natively once the profile is the client's profile; {@code aws.endpoint} overrides them all.
 */
public final class AwsClients {
    private final AwsCredentialsProvider fixedCredentials;
    private final boolean sdkRetries;
    private final Clock clock;
    private final Map<Key, SdkClient> clients = new ConcurrentHashMap<>();
    private volatile SdkHttpClient http;

    private record Key(String service, String region, String profile, String endpoint) {}

    /** Production: the standard credential chain, the SDK's retry mode. */
    public AwsClients() {
        this(null, true, Clock.systemUTC());
    }

    /**
     * @param fixedCredentials credentials used instead of the chain (tests), or null
     * @param sdkRetries       false in tests so each stubbed error is seen once
     */
    AwsClients(AwsCredentialsProvider fixedCredentials, boolean sdkRetries, Clock clock) {
        this.fixedCredentials = fixedCredentials;
        this.sdkRetries = sdkRetries;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /**
     * The client for one service. {@code region} null means the SDK's default chain (AWS_REGION,
     * the profile's region); {@code profile} null means AWS_PROFILE or "default".
     */
    @SuppressWarnings("unchecked")
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
            String service, Supplier<B> builder, String region, String profile, String endpoint) {
        Key key = new Key(service, region, profile, endpoint);
        return (C) clients.computeIfAbsent(key, k -> build(builder.get(), k));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(B b, Key k) {
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder();
        if (k.profile() != null) o.defaultProfileName(k.profile());
        if (!sdkRetries) o.retryStrategy(AwsRetryStrategy.doNotRetry());
        b.overrideConfiguration(o.build());
        b.httpClient(http());
        if (k.region() != null) b.region(Region.of(k.region()));
        if (k.endpoint() != null) b.endpointOverride(URI.create(k.endpoint()));
        b.credentialsProvider(credentials(k.profile()));
        return b.build();
    }

    private AwsCredentialsProvider credentials(String profile) {
        if (fixedCredentials != null) return fixedCredentials;
        // An explicit profile wins over the environment's keys, as with the AWS CLI's --profile.
        if (profile != null) return ProfileCredentialsProvider.create(profile);
        return DefaultCredentialsProvider.builder().build();
    }

    /** One HTTP client shared by every SDK client: the JDK's URLConnection, no Netty, no Apache. */
    private SdkHttpClient http() {
        SdkHttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    http = UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofSeconds(60))
                            .build();
                }
                h = http;
            }
        }
        return h;
    }
}
