package dev.runbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {
    @Test
    void cancel_and_wait_returns_only_after_hooks_run_by_another_thread_have_finished() throws Exception {
        CancellationToken token = new CancellationToken();
        CancellationToken child = token.child();
        CountDownLatch hookStarted = new CountDownLatch(1);
        AtomicBoolean killed = new AtomicBoolean();
        child.onCancel(() -> {
            hookStarted.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            killed.set(true);
        });
        Thread first = new Thread(() -> token.cancel(CancellationToken.Reason.INTERRUPT));
        first.start();
        assertThat(hookStarted.await(5, TimeUnit.SECONDS)).isTrue();

        token.cancelAndWait(CancellationToken.Reason.INTERRUPT, Duration.ofSeconds(5));

        assertThat(killed).as("the second caller waited for the first caller's hooks").isTrue();
        first.join();
    }

    @Test
    void cancel_and_wait_runs_the_hooks_itself_when_nobody_cancelled_yet() {
        CancellationToken token = new CancellationToken();
        AtomicBoolean killed = new AtomicBoolean();
        token.child().onCancel(() -> killed.set(true));

        token.cancelAndWait(CancellationToken.Reason.INTERRUPT, Duration.ofMillis(1));

        assertThat(killed).isTrue();
        assertThat(token.reason()).isEqualTo(CancellationToken.Reason.INTERRUPT);
    }
}
