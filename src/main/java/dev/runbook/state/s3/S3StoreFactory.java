package dev.runbook.state.s3;

import dev.runbook.state.ObjectStore;
import dev.runbook.state.ObjectStoreFactory;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Opens {@code s3://BUCKET/PREFIX}. Credentials: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 * ({@code AWS_SESSION_TOKEN}) when set, else {@code AWS_PROFILE}, else the SDK's standard chain (SSO, web identity,
 * container and instance roles). Region: {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, else the profile's, else
 * us-east-1; S3 then follows the bucket to its own region. Endpoint: {@code AWS_ENDPOINT_URL_S3}, else
 * {@code AWS_ENDPOINT_URL} (path-style addressing then, as local and S3-compatible stores expect).
 */
public final class S3StoreFactory implements ObjectStoreFactory {

    @Override
    public ObjectStore open(URI url, Map<String, String> env) {
        String bucket = url.getHost() != null ? url.getHost() : url.getRawAuthority();
        if (!"s3".equalsIgnoreCase(url.getScheme()) || bucket == null || bucket.isEmpty()) {
            throw new StoreException(Kind.CONFIG, "'" + url.getScheme() + "://" + (bucket == null ? "" : bucket)
                    + "' is not an S3 state URL; use s3://BUCKET/PREFIX");
        }
        if (url.getRawUserInfo() != null || url.getPort() >= 0 || url.getRawQuery() != null) {
            throw new StoreException(Kind.CONFIG, "an S3 state URL is s3://BUCKET/PREFIX, without user, port or query;"
                    + " set credentials and the endpoint in the environment (AWS_PROFILE, AWS_ENDPOINT_URL_S3)");
        }
        String prefix = url.getPath() == null ? "" : url.getPath();
        while (prefix.startsWith("/")) prefix = prefix.substring(1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
        return new S3Store(client(env), bucket, prefix, S3Store.PAGE);
    }

    static S3Client client(Map<String, String> env) {
        S3ClientBuilder b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(20))
                        .build())
                // retries are S3Store's own: the SDK's would resend a conditional PUT whose answer was lost
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(30))
                        // no "Expect: 100-continue": for bodies of a few KB it only costs a round trip per write
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                                return context.httpRequest().toBuilder().removeHeader("Expect").build();
                            }
                        })
                        .build())
                // plain PUTs with a Content-Length and no aws-chunked body: S3-compatible stores often refuse those
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .crossRegionAccessEnabled(true)
                .credentialsProvider(credentials(env));
        String endpoint = first(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) {
            URI e;
            try {
                e = URI.create(endpoint.trim());
            } catch (IllegalArgumentException x) {
                throw new StoreException(Kind.CONFIG, "AWS_ENDPOINT_URL_S3/AWS_ENDPOINT_URL is not a URL: " + x.getMessage());
            }
            if (e.getScheme() == null || e.getHost() == null) {
                throw new StoreException(Kind.CONFIG, "AWS_ENDPOINT_URL_S3/AWS_ENDPOINT_URL must be like https://s3.example.com:9000, got '"
                        + endpoint + "'");
            }
            b.endpointOverride(e).forcePathStyle(true);
        }
        b.region(region(env, endpoint != null));
        String profile = env.get("AWS_PROFILE");
        if (profile != null && !profile.isBlank()) {
            b.overrideConfiguration(o -> o.defaultProfileName(profile));
        }
        try {
            return b.build();
        } catch (SdkClientException e) {
            throw new StoreException(Kind.CONFIG, "cannot set up the S3 client: " + e.getMessage(), e);
        }
    }

    private static Region region(Map<String, String> env, boolean endpointSet) {
        String r = first(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (r != null) return Region.of(r.trim().toLowerCase(Locale.ROOT));
        try {
            String profile = env.get("AWS_PROFILE");
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            if (profile != null && !profile.isBlank()) chain.profileName(profile);
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            // no region anywhere: S3 answers a wrong one with the bucket's, which cross-region access follows
            return Region.US_EAST_1;
        }
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token != null && !token.isBlank()
                    ? AwsSessionCredentials.create(id, secret, token) : AwsBasicCredentials.create(id, secret));
        }
        String profile = env.get("AWS_PROFILE");
        if (profile != null && !profile.isBlank()) return ProfileCredentialsProvider.create(profile);
        return DefaultCredentialsProvider.builder().build();
    }

    private static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
