package dev.runbook.state.azblob;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A team state store in one Azure Blob container under a prefix. Conditional writes are the Blob service's ETag
 * conditions: a create is Put Blob with {@code If-None-Match: *} (the loser gets 409 BlobAlreadyExists or 412), a
 * replace or a versioned delete names the ETag in {@code If-Match} (412 ConditionNotMet). Every write gives a new
 * ETag. Blob leases are not used: a lease would need a renewal loop of its own per key, and the ETag condition
 * already decides exactly one winner per version, which is all a lease record and a journal append need.
 *
 * <p>Retries are bounded and only where nothing can have been written: 503 ServerBusy and other throttling, a
 * refused connection. A write whose answer was lost (timeout, reset, a 500) is {@link Kind#UNKNOWN_OUTCOME} and is
 * never resent. Reads retry on those too.
 */
final class BlobStore implements ObjectStore {
    static final int PAGE = 1000;
    static final int ATTEMPTS = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long BASE_DELAY_MS = 100;
    private static final long MAX_DELAY_MS = 2_000;

    private final BlobContainerClient container;
    private final String account;
    private final String containerName;
    private final String prefix;
    private final int pageSize;

    BlobStore(BlobContainerClient container, String account, String containerName, String prefix, int pageSize) {
        this.container = container;
        this.account = account;
        this.containerName = containerName;
        this.prefix = prefix;
        this.pageSize = pageSize;
    }

    @Override
    public String describe() {
        return "azblob://" + account + "/" + containerName + "/" + prefix;
    }

    private BlobClient blob(String key) {
        return container.getBlobClient(prefix + key);
    }

    @Override
    public Optional<Blob> get(String key) {
        return call("read", key, false, () -> {
            try {
                BlobDownloadContentResponse r = blob(key).downloadContentWithResponse(null, null, TIMEOUT, Context.NONE);
                return Optional.of(new Blob(r.getValue().toBytes(), r.getDeserializedHeaders().getETag()));
            } catch (BlobStorageException e) {
                if (blobGone(e)) return Optional.<Blob>empty();
                throw e;
            }
        });
    }

    @Override
    public Optional<String> createIfAbsent(String key, byte[] bytes) {
        return call("create", key, true, () -> {
            try {
                return Optional.of(upload(key, bytes, new BlobRequestConditions().setIfNoneMatch("*")));
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 412 || (e.getStatusCode() == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode()))) {
                    return Optional.<String>empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<String> replaceIfMatch(String key, byte[] bytes, String version) {
        return call("replace", key, true, () -> {
            try {
                return Optional.of(upload(key, bytes, new BlobRequestConditions().setIfMatch(version)));
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 412 || blobGone(e)) return Optional.<String>empty();
                throw e;
            }
        });
    }

    @Override
    public boolean delete(String key, String version) {
        return call("delete", key, true, () -> {
            try {
                BlobRequestConditions c = version == null ? null : new BlobRequestConditions().setIfMatch(version);
                blob(key).deleteWithResponse(null, c, TIMEOUT, Context.NONE);
                return true;
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 412 || blobGone(e)) return false;
                throw e;
            }
        });
    }

    @Override
    public List<String> list(String keyPrefix) {
        return call("list", keyPrefix + "*", false, () -> {
            List<String> keys = new ArrayList<>();
            ListBlobsOptions o = new ListBlobsOptions().setPrefix(prefix + keyPrefix).setMaxResultsPerPage(pageSize);
            for (PagedResponse<BlobItem> page : container.listBlobs(o, TIMEOUT).iterableByPage()) {
                for (BlobItem item : page.getValue()) keys.add(item.getName().substring(prefix.length()));
            }
            return keys;
        });
    }

    @Override
    public void close() {
        // the JDK HTTP client's connections close with the process; nothing is held per store
    }

    private String upload(String key, byte[] bytes, BlobRequestConditions conditions) {
        BlockBlobSimpleUploadOptions o = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(bytes)).setRequestConditions(conditions);
        Response<BlockBlobItem> r = blob(key).getBlockBlobClient().uploadWithResponse(o, TIMEOUT, Context.NONE);
        return r.getValue().getETag();
    }

    private <T> T call(String op, String key, boolean write, Supplier<T> work) {
        String where = describe() + key;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (ClientAuthenticationException e) {
                throw new StoreException(Kind.DENIED, "no Azure credential for " + describe() + ": sign in (az login), or set"
                        + " AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret, certificate or workload identity, or set "
                        + BlobStoreFactory.CONNECTION_ENV + " (" + firstLine(e.getMessage()) + ")", e);
            } catch (HttpResponseException e) {
                // a BlobStorageException, or an answer whose body was not the service's XML (a proxy, a gateway)
                int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
                BlobErrorCode code = code(e);
                boolean throttled = status == 503 || status == 429 || BlobErrorCode.SERVER_BUSY.equals(code);
                boolean serverError = status >= 500 && !throttled && status != 501;
                if ((throttled || (serverError && !write)) && attempt < ATTEMPTS) {
                    backoff(attempt, where);
                    continue;
                }
                if (serverError && write) {
                    throw new StoreException(Kind.UNKNOWN_OUTCOME, "Azure Storage answered " + status + " " + code + " to the " + op
                            + " of " + where + ": it may or may not have happened", e);
                }
                throw map(e, op, where, attempt);
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                if (isAuth(e)) {
                    throw new StoreException(Kind.DENIED, "no Azure credential for " + describe() + ": sign in (az login) or set "
                            + BlobStoreFactory.CONNECTION_ENV + " (" + firstLine(e.getMessage()) + ")", e);
                }
                if (!onTheWire(e)) {
                    throw new StoreException(Kind.UNAVAILABLE, "the " + op + " of " + where + " failed before it was sent: "
                            + firstLine(e.getMessage()), e);
                }
                boolean notSent = notSent(e);
                if ((notSent || !write) && attempt < ATTEMPTS) {
                    backoff(attempt, where);
                    continue;
                }
                if (write && !notSent) {
                    throw new StoreException(Kind.UNKNOWN_OUTCOME, "the answer to the " + op + " of " + where + " was lost ("
                            + firstLine(e.getMessage()) + "): it may or may not have happened", e);
                }
                throw new StoreException(Kind.UNAVAILABLE, "cannot reach Azure Storage for the " + op + " of " + where + " ("
                        + firstLine(e.getMessage()) + "); check the network, the account name and " + BlobStoreFactory.ENDPOINT_ENV, e);
            }
        }
    }

    private static void backoff(int attempt, String where) {
        long cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Kind.UNAVAILABLE, "interrupted while waiting to retry " + where, e);
        }
    }

    private static BlobErrorCode code(HttpResponseException e) {
        if (e instanceof BlobStorageException b && b.getErrorCode() != null) return b.getErrorCode();
        String h = e.getResponse() == null ? null : e.getResponse().getHeaderValue("x-ms-error-code");
        return h == null ? null : BlobErrorCode.fromString(h);
    }

    private StoreException map(HttpResponseException e, String op, String where, int attempts) {
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        BlobErrorCode code = code(e);
        String scope = "/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/" + account
                + "/blobServices/default/containers/" + containerName;
        if (status == 503 || status == 429 || BlobErrorCode.SERVER_BUSY.equals(code)) {
            return new StoreException(Kind.UNAVAILABLE, "Azure Storage kept throttling the " + op + " of " + where + " (" + status + " " + code
                    + ", " + attempts + " attempts); try again in a minute", e);
        }
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
            return new StoreException(Kind.MISSING, "the container " + containerName + " does not exist in the storage account " + account
                    + "; create it (az storage container create --account-name " + account + " --name " + containerName
                    + " --auth-mode login) or fix the state URL", e);
        }
        if (status == 403 || status == 401) {
            if (BlobErrorCode.AUTHENTICATION_FAILED.equals(code) || BlobErrorCode.INVALID_AUTHENTICATION_INFO.equals(code)) {
                return new StoreException(Kind.DENIED, "Azure Storage refused the credentials for the " + op + " of " + where + " (" + code
                        + "); check " + BlobStoreFactory.CONNECTION_ENV + " or sign in again (az login)", e);
            }
            return new StoreException(Kind.DENIED, "Azure Storage denied the " + op + " of " + where + " (" + status + " " + code + "); the"
                    + " identity needs the role Storage Blob Data Contributor on the container (scope " + scope + "), see docs/state.md,"
                    + " 'Azure Blob'", e);
        }
        if (status == 501 || status == 400 && BlobErrorCode.UNSUPPORTED_HEADER.equals(code)) {
            return new StoreException(Kind.UNSAFE, "the store behind " + describe() + " does not implement conditional writes (" + code
                    + "): it cannot keep two machines apart", e);
        }
        return new StoreException(Kind.UNAVAILABLE, "Azure Storage answered " + status + (code == null ? "" : " " + code) + " to the "
                + op + " of " + where, e);
    }

    private static boolean blobGone(BlobStorageException e) {
        return e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode());
    }

    private static boolean isAuth(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClientAuthenticationException) return true;
        }
        return false;
    }

    /** True when the failure happened talking to the service (I/O or a timeout), not in the client before sending. */
    private static boolean onTheWire(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof java.util.concurrent.TimeoutException) return true;
        }
        return false;
    }

    private static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) return true;
            if (t instanceof java.net.http.HttpConnectTimeoutException) return true;
            if (t instanceof IOException) return false;
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
