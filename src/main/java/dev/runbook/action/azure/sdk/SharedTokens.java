package dev.runbook.action.azure.sdk;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * One sign-in per token audience for the whole run: every client and pipeline asks the same credential, and a token
 * fetched for one (the identity read's, a client's bearer policy) serves the others until it is five minutes from
 * expiring. Without it the identity read and the first Resource Manager call each fetched the same token.
 */
final class SharedTokens implements TokenCredential {
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private final TokenCredential delegate;
    private final Map<Key, AccessToken> tokens = new ConcurrentHashMap<>();

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

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        Key k = key(request);
        AccessToken t = fresh(k);
        if (t != null) return t;
        t = Objects.requireNonNull(delegate.getTokenSync(request), "the credential gave no token");
        tokens.put(k, t);
        return t;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        Key k = key(request);
        AccessToken t = fresh(k);
        if (t != null) return Mono.just(t);
        return delegate.getToken(request).doOnNext(x -> tokens.put(k, x));
    }
}
