package dev.runbook.state.azblob;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.ObjectStoreFactory;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Opens {@code azblob://ACCOUNT/CONTAINER/PREFIX}. Credentials: {@code AZURE_STORAGE_CONNECTION_STRING} when set (its
 * account must be the URL's), else DefaultAzureCredential (environment, workload identity, managed identity, Azure
 * CLI, ...) against {@code https://ACCOUNT.blob.core.windows.net}, or against {@code RUNBOOK_AZBLOB_ENDPOINT} when that
 * is set (a sovereign cloud, a private endpoint, a local emulator).
 */
public final class BlobStoreFactory implements ObjectStoreFactory {
    static final String ENDPOINT_ENV = "RUNBOOK_AZBLOB_ENDPOINT";
    static final String CONNECTION_ENV = "AZURE_STORAGE_CONNECTION_STRING";
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

    @Override
    public ObjectStore open(URI url, Map<String, String> env) {
        String account = url.getHost() != null ? url.getHost() : url.getRawAuthority();
        String path = url.getPath() == null ? "" : url.getPath();
        while (path.startsWith("/")) path = path.substring(1);
        int slash = path.indexOf('/');
        String container = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (!"azblob".equalsIgnoreCase(url.getScheme()) || account == null || account.isEmpty() || container.isEmpty()
                || url.getRawUserInfo() != null || url.getPort() >= 0 || url.getRawQuery() != null) {
            throw new StoreException(Kind.CONFIG, "'" + url.getScheme() + "://" + (account == null ? "" : account) + "/" + container
                    + "' is not an Azure Blob state URL; use azblob://ACCOUNT/CONTAINER/PREFIX (credentials come from the"
                    + " environment: AZURE_STORAGE_CONNECTION_STRING or DefaultAzureCredential, never the URL)");
        }
        account = account.toLowerCase(Locale.ROOT);
        if (!ACCOUNT.matcher(account).matches()) {
            throw new StoreException(Kind.CONFIG, "'" + account + "' is not a storage account name (3-24 lower-case letters and digits)");
        }
        if (!CONTAINER.matcher(container).matches()) {
            throw new StoreException(Kind.CONFIG, "'" + container + "' is not a container name (3-63 lower-case letters, digits and single"
                    + " hyphens, starting and ending with a letter or digit)");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
        return new BlobStore(container(account, container, env), account, container, prefix, BlobStore.PAGE);
    }

    static BlobContainerClient container(String account, String container, Map<String, String> env) {
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        BlobServiceClientBuilder b = new BlobServiceClientBuilder()
                .httpClient(http)
                // one try: BlobStore retries only where nothing can have been written (the SDK would resend a
                // conditional PUT whose answer was lost, and meet its own blob)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(20), null, null, null));
        String cs = env.get(CONNECTION_ENV);
        try {
            if (cs != null && !cs.isBlank()) {
                String named = field(cs, "AccountName");
                if (named != null && !named.equalsIgnoreCase(account)) {
                    throw new StoreException(Kind.CONFIG, CONNECTION_ENV + " is for the storage account " + named + ", but the state URL names "
                            + account + "; use azblob://" + named + "/" + container + "/... or the connection string of " + account);
                }
                b.connectionString(cs);
            } else {
                String endpoint = env.get(ENDPOINT_ENV);
                endpoint = endpoint != null && !endpoint.isBlank() ? endpoint.trim() : "https://" + account + ".blob.core.windows.net";
                if (!endpoint.startsWith("https://")) {
                    throw new StoreException(Kind.CONFIG, ENDPOINT_ENV + " must be an https:// URL when signing in with DefaultAzureCredential"
                            + " (a token is never sent in the clear), got '" + endpoint + "'; for a local emulator set " + CONNECTION_ENV);
                }
                b.endpoint(endpoint);
                b.credential(new DefaultAzureCredentialBuilder().httpClient(http).build());
            }
            return b.buildClient().getBlobContainerClient(container);
        } catch (IllegalArgumentException e) {
            // the SDK's own words about a malformed connection string or endpoint; neither holds a key in its message
            throw new StoreException(Kind.CONFIG, "cannot set up the Azure Blob client for azblob://" + account + "/" + container + ": "
                    + (cs != null && !cs.isBlank() ? "check " + CONNECTION_ENV + " (" + scrub(e.getMessage(), cs) + ")" : e.getMessage()));
        }
    }

    /** The message without the connection string's key or SAS, should the SDK ever quote them. */
    static String scrub(String message, String connectionString) {
        String m = String.valueOf(message);
        for (String secret : new String[] {field(connectionString, "AccountKey"), field(connectionString, "SharedAccessSignature")}) {
            if (secret != null && !secret.isEmpty()) m = m.replace(secret, "***");
        }
        return m;
    }

    private static String field(String connectionString, String name) {
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) return part.substring(eq + 1).trim();
        }
        return null;
    }
}
