package dev.runbook.action.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * One sign-in per audience even when the identity lookup and the first steps ask at once, and even when a caller
 * stops waiting mid-sign-in (the identity lookup's budget ran out during a slow Azure CLI sign-in): the sign-in goes
 * on for the others instead of being aborted and done again.
 */
class SharedTokensTest {
    /** A slow sign-in (an {@code az} process): blocks until released, counts how often it was asked. */
    static final class SlowSignIn implements TokenCredential {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException fails;

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                // what an aborted az process looks like to the SDK: the sign-in fails
                throw new IllegalStateException("sign-in aborted", e);
            }
            if (fails != null) throw fails;
            return new AccessToken("token-" + calls.get(), OffsetDateTime.now().plusHours(1));
        }
    }

    final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    static TokenRequestContext arm() {
        return new TokenRequestContext().addScopes("https://management.azure.com//.default");
    }

    @Test
    void a_caller_that_stops_waiting_leaves_the_sign_in_running_for_the_next_one() throws Exception {
        SlowSignIn slow = new SlowSignIn();
        SharedTokens shared = new SharedTokens(slow);

        Future<AccessToken> identity = callers.submit(() -> shared.getTokenSync(arm()));
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        identity.cancel(true); // the identity lookup's budget ran out: its thread is interrupted
        Future<AccessToken> step = callers.submit(() -> shared.getTokenSync(arm()));
        Future<AccessToken> stepAsync = callers.submit(() -> shared.getToken(arm()).block());
        slow.release.countDown();

        assertThat(step.get(10, TimeUnit.SECONDS).getToken()).isEqualTo("token-1");
        assertThat(stepAsync.get(10, TimeUnit.SECONDS).getToken()).isEqualTo("token-1");
        assertThat(slow.calls).as("one sign-in, not aborted and done again").hasValue(1);
        assertThat(shared.getTokenSync(arm()).getToken()).as("kept for later callers").isEqualTo("token-1");
        assertThat(slow.calls).hasValue(1);
    }

    @Test
    void callers_asking_at_once_share_one_sign_in_and_a_cancelled_subscriber_does_not_cancel_it() throws Exception {
        SlowSignIn slow = new SlowSignIn();
        SharedTokens shared = new SharedTokens(slow);

        var cancelled = shared.getToken(arm()).subscribe();
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        cancelled.dispose();
        Future<AccessToken> a = callers.submit(() -> shared.getTokenSync(arm()));
        Future<AccessToken> b = callers.submit(() -> shared.getToken(arm()).block());
        slow.release.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS).getToken()).isEqualTo("token-1");
        assertThat(b.get(10, TimeUnit.SECONDS).getToken()).isEqualTo("token-1");
        assertThat(slow.calls).hasValue(1);
    }

    @Test
    void a_failed_sign_in_is_reported_to_every_waiter_and_not_kept() throws Exception {
        SlowSignIn slow = new SlowSignIn();
        slow.fails = new IllegalStateException("AADSTS7000215: Invalid client secret provided.");
        SharedTokens shared = new SharedTokens(slow);

        Future<AccessToken> a = callers.submit(() -> shared.getTokenSync(arm()));
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        slow.release.countDown();
        assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("AADSTS7000215: Invalid client secret provided.");
        assertThatThrownBy(() -> shared.getToken(arm()).block()).hasMessageContaining("AADSTS7000215");
        assertThat(slow.calls).as("the next caller tries again").hasValue(2);
    }
}
