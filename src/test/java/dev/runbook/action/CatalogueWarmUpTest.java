package dev.runbook.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Effect;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up a run that reaches the cloud starts as soon as its runbook is read (issue 18, "speed the operator
 * feels"): on a thread of its own, once per provider, with the actions the runbook uses; the provider's first action
 * waits for it, so the two never build the same clients at once; a warm-up that fails is left to the first call.
 */
class CatalogueWarmUpTest {
    /** The factory of the provider "slow": its warm-up blocks until released and records what it was given. */
    public static final class SlowFactory implements ActionFactory {
        static final List<String> events = new CopyOnWriteArrayList<>();
        static volatile CountDownLatch release = new CountDownLatch(0);
        static volatile CountDownLatch warming = new CountDownLatch(1);
        static volatile boolean fails;

        @Override
        public void warmUp(Set<String> actions, Map<String, String> settings, Map<String, String> env) {
            events.add("warm-up " + new java.util.TreeSet<>(actions) + " on " + Thread.currentThread().getName() + " with " + settings);
            warming.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fails) throw new IllegalStateException("no credential");
            events.add("warm-up done");
        }

        @Override
        public Action create(ActionSpec spec) {
            events.add("create " + spec.name());
            return new Action() {
                @Override
                public ActionSpec spec() {
                    return spec;
                }

                @Override
                public Plan plan(ActionContext ctx, Args args) {
                    return Plan.of("read");
                }

                @Override
                public Result execute(ActionContext ctx, Args args) {
                    return Result.of(Map.of());
                }
            };
        }
    }

    static Catalogue catalogue() {
        return new Catalogue(List.of(new Provider() {
            @Override
            public String id() {
                return "slow";
            }

            @Override
            public List<ActionSpec> specs() {
                return List.of(ActionSpec.builder("slow.read", Effect.READ).build(), ActionSpec.builder("slow.whoami", Effect.READ).build());
            }

            @Override
            public String factoryClass() {
                return SlowFactory.class.getName();
            }
        }));
    }

    @BeforeEach
    void reset() {
        SlowFactory.events.clear();
        SlowFactory.release = new CountDownLatch(1);
        SlowFactory.warming = new CountDownLatch(1);
        SlowFactory.fails = false;
    }

    @Test
    void the_first_action_of_a_provider_waits_for_its_warm_up_which_runs_once_on_its_own_thread() throws Exception {
        Catalogue c = catalogue();

        c.warmUp("slow", Set.of("slow.read", "slow.whoami"), Map.of("azure.subscription", "s"), Map.of());
        c.warmUp("slow", Set.of("slow.read"), Map.of(), Map.of()); // once per provider
        assertThat(SlowFactory.warming.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Action> first = CompletableFuture.supplyAsync(() -> c.action("slow.read"));
        SlowFactory.release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).spec().name()).isEqualTo("slow.read");

        assertThat(SlowFactory.events).containsExactly(
                "warm-up [slow.read, slow.whoami] on runbook-warm-up-slow with {azure.subscription=s}", "warm-up done", "create slow.read");
    }

    @Test
    void a_warm_up_that_fails_is_left_to_the_first_call() throws Exception {
        Catalogue c = catalogue();
        SlowFactory.fails = true;
        SlowFactory.release.countDown();

        c.warmUp("slow", Set.of("slow.read"), Map.of(), Map.of());

        assertThat(c.action("slow.read").spec().name()).isEqualTo("slow.read");
        assertThat(SlowFactory.events).last().isEqualTo("create slow.read");
    }

    @Test
    void an_unknown_provider_is_not_warmed_and_nothing_is_loaded_without_a_warm_up() {
        Catalogue c = catalogue();
        c.warmUp("nope", Set.of("nope.read"), Map.of(), Map.of());
        assertThat(SlowFactory.events).isEmpty();
    }
}
