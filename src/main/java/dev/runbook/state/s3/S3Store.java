package dev.runbook.state.s3;

import dev.runbook.state.ObjectStore;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A team state store in one S3 bucket under a prefix. Conditional writes are S3's own: a create is a PUT with
 * {@code If-None-Match: *}, a replace or a versioned delete names the ETag in {@code If-Match}; S3 answers 412 to
 * the loser. The version is the ETag, the MD5 of the bytes for these small single-part objects.
 *
 * <p>Retries are bounded and only where the request surely had no effect: 409 ConditionalRequestConflict (another
 * conditional write to the key was in flight), 503 SlowDown and other throttling, a refused connection. A write whose
 * answer was lost (timeout, reset after sending, a 500) is {@link Kind#UNKNOWN_OUTCOME}, never resent: a resent create
 * would meet its own object and report it as someone else's (the self-lock trap). Reads retry on any of these.
 */
final class S3Store implements ObjectStore {
    static final int PAGE = 1000;
    static final int ATTEMPTS = 6;
    private static final long BASE_DELAY_MS = 100;
    private static final long MAX_DELAY_MS = 2_000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int pageSize;
    private final Sleeper sleeper;

    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    S3Store(S3Client s3, String bucket, String prefix, int pageSize) {
        this(s3, bucket, prefix, pageSize, Thread::sleep);
    }

    S3Store(S3Client s3, String bucket, String prefix, int pageSize, Sleeper sleeper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.pageSize = pageSize;
        this.sleeper = sleeper;
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public Optional<Blob> get(String key) {
        return call("read", key, false, () -> {
            try {
                ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(prefix + key).build());
                return Optional.of(new Blob(r.asByteArray(), r.response().eTag()));
            } catch (AwsServiceException e) {
                if (e.statusCode() == 404 && !noBucket(e)) return Optional.<Blob>empty();
                throw e;
            }
        });
    }

    @Override
    public Optional<String> createIfAbsent(String key, byte[] bytes) {
        return call("create", key, true, () -> {
            try {
                return Optional.of(s3.putObject(put(key).ifNoneMatch("*").build(), RequestBody.fromBytes(bytes)).eTag());
            } catch (AwsServiceException e) {
                if (e.statusCode() == 412) return Optional.<String>empty();
                throw e;
            }
        });
    }

    @Override
    public Optional<String> replaceIfMatch(String key, byte[] bytes, String version) {
        return call("replace", key, true, () -> {
            try {
                return Optional.of(s3.putObject(put(key).ifMatch(version).build(), RequestBody.fromBytes(bytes)).eTag());
            } catch (AwsServiceException e) {
                if (e.statusCode() == 412 || (e.statusCode() == 404 && !noBucket(e))) return Optional.<String>empty();
                throw e;
            }
        });
    }

    @Override
    public boolean delete(String key, String version) {
        if (version == null) {
            // S3 answers 204 to a delete of nothing: look first, so that "false when there was nothing" holds
            boolean there = call("read", key, false, () -> {
                try {
                    s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(prefix + key).build());
                    return true;
                } catch (AwsServiceException e) {
                    if (e.statusCode() == 404 && !noBucket(e)) return false;
                    throw e;
                }
            });
            if (!there) return false;
        }
        return call("delete", key, true, () -> {
            try {
                DeleteObjectRequest.Builder d = DeleteObjectRequest.builder().bucket(bucket).key(prefix + key);
                if (version != null) d.ifMatch(version);
                s3.deleteObject(d.build());
                return true;
            } catch (AwsServiceException e) {
                if (e.statusCode() == 412 || (e.statusCode() == 404 && !noBucket(e))) return false;
                throw e;
            }
        });
    }

    @Override
    public List<String> list(String keyPrefix) {
        return call("list", keyPrefix + "*", false, () -> {
            List<String> keys = new ArrayList<>();
            String token = null;
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + keyPrefix).maxKeys(pageSize);
                if (token != null) req.continuationToken(token);
                ListObjectsV2Response page = s3.listObjectsV2(req.build());
                for (S3Object o : page.contents()) keys.add(o.key().substring(prefix.length()));
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            return keys;
        });
    }

    @Override
    public void close() {
        s3.close();
    }

    private PutObjectRequest.Builder put(String key) {
        return PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType("application/octet-stream");
    }

    private <T> T call(String op, String key, boolean write, Supplier<T> work) {
        String where = "s3://" + bucket + "/" + prefix + key;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (AwsServiceException e) {
                int status = e.statusCode();
                String code = code(e);
                boolean conflict = status == 409 && code.equals("ConditionalRequestConflict");
                boolean throttled = e.isThrottlingException() || status == 429 || status == 503
                        || code.equals("SlowDown") || code.equals("Throttling") || code.equals("RequestLimitExceeded");
                boolean serverError = status >= 500 && !throttled && status != 501;
                if ((conflict || throttled || (serverError && !write)) && attempt < ATTEMPTS) {
                    backoff(attempt, where);
                    continue;
                }
                if (serverError && write) {
                    throw new StoreException(Kind.UNKNOWN_OUTCOME, "S3 answered " + status + " " + code + " to the " + op + " of " + where
                            + ": it may or may not have happened", e);
                }
                throw map(e, op, where, attempt);
            } catch (SdkClientException e) {
                if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) throw mapClient(e, op, where);
                boolean notSent = notSent(e);
                if ((notSent || !write) && attempt < ATTEMPTS && !(e instanceof ApiCallTimeoutException && write)) {
                    backoff(attempt, where);
                    continue;
                }
                if (write && !notSent) {
                    throw new StoreException(Kind.UNKNOWN_OUTCOME, "the answer to the " + op + " of " + where + " was lost ("
                            + e.getMessage() + "): it may or may not have happened", e);
                }
                throw mapClient(e, op, where);
            } catch (SdkException e) {
                throw new StoreException(Kind.UNAVAILABLE, "the " + op + " of " + where + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void backoff(int attempt, String where) {
        long cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempt - 1, 10));
        try {
            sleeper.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Kind.UNAVAILABLE, "interrupted while waiting to retry " + where, e);
        }
    }

    private StoreException map(AwsServiceException e, String op, String where, int attempts) {
        int status = e.statusCode();
        String code = code(e);
        String bucketArn = "arn:aws:s3:::" + bucket;
        if (status == 409 && code.equals("ConditionalRequestConflict")) {
            return new StoreException(Kind.UNAVAILABLE, "S3 kept answering 409 ConditionalRequestConflict to the " + op + " of " + where
                    + " (" + attempts + " attempts): another machine keeps writing this key; try again", e);
        }
        if (status == 503 || status == 429 || e.isThrottlingException() || code.equals("SlowDown")) {
            return new StoreException(Kind.UNAVAILABLE, "S3 kept throttling the " + op + " of " + where + " (" + status + " " + code + ", "
                    + attempts + " attempts); try again in a minute", e);
        }
        if (noBucket(e)) {
            return new StoreException(Kind.MISSING, "the bucket " + bucket + " does not exist (NoSuchBucket); create it"
                    + " (aws s3 mb s3://" + bucket + ") or fix the state URL", e);
        }
        if (status == 403 || status == 401) {
            if (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch") || code.equals("ExpiredToken")
                    || code.equals("InvalidToken") || code.equals("TokenRefreshRequired")) {
                return new StoreException(Kind.DENIED, "S3 refused the credentials for the " + op + " of " + where + " (" + code
                        + "); sign in again (aws sso login) or check AWS_PROFILE / AWS_ACCESS_KEY_ID", e);
            }
            return new StoreException(Kind.DENIED, "S3 denied the " + op + " of " + where + " (" + status + " " + code + "); the identity"
                    + " needs s3:GetObject, s3:PutObject and s3:DeleteObject on " + bucketArn + "/" + prefix + "* and s3:ListBucket on "
                    + bucketArn + " (docs/state.md, 'S3')", e);
        }
        if (status == 301 || code.equals("PermanentRedirect") || code.equals("AuthorizationHeaderMalformed")) {
            String region = e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null
                    ? e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null) : null;
            return new StoreException(Kind.CONFIG, "the bucket " + bucket + " is in another region"
                    + (region == null ? "" : " (" + region + ")") + "; set AWS_REGION" + (region == null ? "" : "=" + region), e);
        }
        if (status == 501 || code.equals("NotImplemented")) {
            return new StoreException(Kind.UNSAFE, "the store behind s3://" + bucket + " does not implement conditional writes (" + code
                    + "): it cannot keep two machines apart; use Amazon S3 or a store that honours If-None-Match and If-Match", e);
        }
        return new StoreException(Kind.UNAVAILABLE, "S3 answered " + status + " " + code + " to the " + op + " of " + where
                + messageOf(e), e);
    }

    private StoreException mapClient(SdkClientException e, String op, String where) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unable to load credentials")) {
            return new StoreException(Kind.DENIED, "no AWS credentials for " + describe() + ": set AWS_PROFILE (and run aws sso login if it"
                    + " is an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", e);
        }
        return new StoreException(Kind.UNAVAILABLE, "cannot reach S3 for the " + op + " of " + where + " (" + m
                + "); check the network, AWS_ENDPOINT_URL_S3 and AWS_REGION", e);
    }

    private static String messageOf(AwsServiceException e) {
        String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return m == null || m.isBlank() ? "" : ": " + m;
    }

    private static String code(AwsServiceException e) {
        String c = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return c == null ? "" : c;
    }

    private static boolean noBucket(AwsServiceException e) {
        return code(e).equals("NoSuchBucket");
    }

    /** True when the request surely never reached S3: no connection was made, or credentials were missing. */
    private static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) return true;
            if (t instanceof java.net.SocketTimeoutException && "connect timed out".equals(t.getMessage())) return true;
            if (t instanceof InterruptedIOException || (t instanceof IOException && !(t instanceof ConnectException))) return false;
        }
        return false;
    }
}
