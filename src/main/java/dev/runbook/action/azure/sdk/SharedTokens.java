package dev.runbook.action.azure.sdk;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * One sign-in per token audience for the whole run: every client and pipeline asks the same credential, and a token
 * fetched for one (the identity read's, a client's bearer policy) serves the others until it is five minutes from
 * expiring. Without it the identity read and the first Resource Manager call each fetched the same token.
 *
 * <p>The identity read runs alongside the first steps, so two callers often want the same token at once: they share
 * one sign-in in flight. That sign-in runs on a thread of its own, not the caller's: a caller that stops waiting (the
 * identity lookup's shorter budget ran out during a slow {@code az} sign-in, or its step was cancelled) leaves it
 * running for the others, instead of aborting it and making the next caller sign in again. A failed sign-in is not
 * kept: the next caller tries again.
 */
final class SharedTokens implements TokenCredential {
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Executor SIGN_INS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "azure-sign-in-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final TokenCredential delegate;
    private final Map<Key, AccessToken> tokens = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<AccessToken>> signingIn = new ConcurrentHashMap<>();

    private record Key(List<String> scopes, String claims, String tenant, boolean cae) {}

    SharedTokens(TokenCredential delegate) {
        this.delegate = delegate;
    }

    private static Key key(TokenRequestContext c) {
        return new Key(List.copyOf(c.getScopes()), c.getClaims(), c.getTenantId(), c.isCaeEnabled());
    }

    private AccessToken fresh(Key k) {
        AccessToken t = tokens.get(k);
        return t != null && t.getExpiresAt() != null && t.getExpiresAt().isAfter(OffsetDateTime.now().plus(MARGIN)) ? t : null;
    }

    /** The sign-in for {@code k} in flight, or a new one. */
    private CompletableFuture<AccessToken> signIn(Key k, TokenRequestContext request) {
        CompletableFuture<AccessToken> mine = new CompletableFuture<>();
        CompletableFuture<AccessToken> inFlight = signingIn.putIfAbsent(k, mine);
        if (inFlight != null) return inFlight;
        SIGN_INS.execute(() -> {
            try {
                AccessToken t = Objects.requireNonNull(delegate.getTokenSync(request), "the credential gave no token");
                tokens.put(k, t);
                signingIn.remove(k, mine);
                mine.complete(t);
            } catch (Throwable e) {
                // not kept: whoever asks next signs in again
                signingIn.remove(k, mine);
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        Key k = key(request);
        AccessToken t = fresh(k);
        if (t != null) return t;
        try {
            return signIn(k, request).get();
        } catch (InterruptedException e) {
            // this caller stops waiting; the sign-in goes on for the others
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Azure sign-in", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> {
            Key k = key(request);
            AccessToken t = fresh(k);
            if (t != null) return Mono.just(t);
            // a copy: a subscriber that cancels must not cancel the sign-in the others wait for
            return Mono.fromFuture(signIn(k, request).copy());
        });
    }
}
