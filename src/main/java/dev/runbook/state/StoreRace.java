package dev.runbook.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Racing conditional writes of one key, all released at once: what {@code runbook state check} runs against a store
 * before a team relies on it and what the conformance suite runs against every store. The racers are stores: the same
 * one several times (threads of one process sharing a client: a run and its heartbeat) or one per "machine".
 */
public final class StoreRace {
    private StoreRace() {}

    /** What each racer got back, in racer order: a version for a winner, empty for a loser. */
    public record Outcome(List<Optional<String>> results) {
        public List<Integer> winners() {
            List<Integer> w = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) if (results.get(i).isPresent()) w.add(i);
            return w;
        }

        public boolean exactlyOneWon() {
            return winners().size() == 1;
        }
    }

    /** Every racer creates {@code key} (racer i writes {@code bytes.apply(i)}); exactly one may win. */
    public static Outcome creates(List<ObjectStore> racers, String key, IntFunction<byte[]> bytes) {
        return race(racers, i -> () -> racers.get(i).createIfAbsent(key, bytes.apply(i)));
    }

    /** Every racer replaces {@code key} at {@code version}; exactly one may win. */
    public static Outcome replaces(List<ObjectStore> racers, String key, String version, IntFunction<byte[]> bytes) {
        return race(racers, i -> () -> racers.get(i).replaceIfMatch(key, bytes.apply(i), version));
    }

    private interface Write {
        Optional<String> run();
    }

    private static Outcome race(List<ObjectStore> racers, IntFunction<Write> write) {
        int n = racers.size();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "runbook-store-race");
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Write w = write.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return w.run();
                }));
            }
            ready.await();
            go.countDown();
            List<Optional<String>> results = new ArrayList<>();
            for (Future<Optional<String>> f : futures) results.add(f.get(60, TimeUnit.SECONDS));
            return new Outcome(results);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) throw se;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "a race of " + n + " conditional writes did not finish in 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "interrupted during a race of conditional writes", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
