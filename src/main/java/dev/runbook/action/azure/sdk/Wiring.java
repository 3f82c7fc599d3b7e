package dev.runbook.action.azure.sdk;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * How the provider reaches Azure: the HTTP client, the credential per cloud, SDK-level retries.
 * Production uses the JDK HTTP client and DefaultAzureCredential; tests substitute a fake credential
 * and a client that trusts their test certificate, and keep everything else.
 *
 * @param verifyVaultChallenge false only for a local Key Vault stub, whose host cannot match a vault domain
 */
record Wiring(HttpClient httpClient, BiFunction<AzureCloud, HttpClient, TokenCredential> credentials, RetryOptions retry,
              boolean verifyVaultChallenge) {

    static Wiring production() {
        // jdk.httpclient.allowRestrictedHeaders is set by Main at start-up, never here: set after java.net.http has
        // initialised, azure-core would send a Content-Length the JDK client refuses.
        // Deadlines are enforced per step by Calls; the client timeouts only catch dead connections.
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(Duration.ofSeconds(15))
                .responseTimeout(Duration.ofMinutes(10))
                .build();
        return new Wiring(http,
                Wiring::defaultCredential,
                new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(2)
                        .setBaseDelay(Duration.ofSeconds(1)).setMaxDelay(Duration.ofSeconds(20))),
                true);
    }

    static TokenCredential defaultCredential(AzureCloud cloud, HttpClient client) {
        DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().httpClient(client).authorityHost(cloud.authorityHost());
        // Instance discovery asks login.microsoftonline.com about the authority: for a private one that is a call to
        // the public cloud that cannot help (and is answered invalid_instance, which fails sign-in).
        if (cloud.customAuthority()) b.disableInstanceDiscovery();
        return b.build();
    }
}
