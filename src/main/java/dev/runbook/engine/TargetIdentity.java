package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.Result;
import dev.runbook.journal.RunEvent;
import dev.runbook.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Who and where the run acts: for each provider the runbook uses (steps and undos) that has an identity action, the
 * answer of that action, asked once when the run starts or resumes, all providers at once. Never fails the run: a
 * lookup that fails is "unknown (why)" (the provider preflight has already said what is missing); an offline dry run
 * asks nothing and loads nothing; a rehearsal's answer comes from the simulator and is marked simulated.
 *
 * <p>Off the critical path: a run that reaches the cloud asks in the background ({@link #start}) while its first steps
 * run, and journals {@code run.identity} when the answer arrives; whatever must name the identity (a write or
 * destructive gate, the non-interactive refusal, the run's end) waits for it through {@link Lookup#get}, which returns
 * only after the event is journaled. The lookup has its own budget ({@link #BUDGET}, or the identity action's default
 * timeout when shorter): a hung endpoint makes the identity "unknown (timed out after 15s …)", never a delay before the
 * first step.
 */
final class TargetIdentity {
    private TargetIdentity() {}

    /** The most a lookup may take: it is waited for at the first gate, where an operator is looking at the screen. */
    static final Duration BUDGET = Duration.ofSeconds(15);

    /** A lookup started by {@link #start}: answered at once (offline, rehearsal, nothing to ask) or in the background. */
    static final class Lookup {
        private final CompletableFuture<RunEvent.Identity> answer;

        private Lookup(CompletableFuture<RunEvent.Identity> answer) {
            this.answer = answer;
        }

        /** Nothing asked yet (before the run starts): no identity. */
        static Lookup none() {
            return new Lookup(CompletableFuture.completedFuture(new RunEvent.Identity(List.of())));
        }

        /**
         * The answer, waiting for it if it is still on its way (at most the lookup's budget: Ctrl-C cancels the lookup
         * itself, so this never outlives it); once this returns, {@code run.identity} is in the journal.
         */
        RunEvent.Identity get() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return answer.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (java.util.concurrent.ExecutionException e) {
                        return new RunEvent.Identity(List.of()); // never: the lookup turns every failure into "unknown"
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }

        boolean done() {
            return answer.isDone();
        }
    }

    /**
     * Starts asking: at once and in this thread for an offline dry run or a rehearsal (nothing leaves the machine, so
     * the header line stays where it always was), else on a thread of its own. {@code run.identity} is journaled when
     * the answer is there (not at all when the runbook uses no provider with an identity).
     */
    static Lookup start(RunContext run, ActionInvoker invoker) {
        List<Ask> sources = new ArrayList<>();
        for (String provider : providers(run)) {
            Optional<ActionResolver.IdentitySource> s = run.o.actions().identity(provider);
            if (s.isEmpty()) continue;
            if (s.get().arguments().isEmpty()) {
                sources.add(new Ask(provider, s.get(), Map.of(), null));
            } else {
                sources.addAll(perStep(run, provider, s.get()));
            }
        }
        if (sources.isEmpty()) return Lookup.none();
        if (run.req.mode() == Mode.OFFLINE || run.req.mode() == Mode.REHEARSAL) {
            RunEvent.Identity id = new RunEvent.Identity(sources.stream().map(a -> one(run, invoker, a)).toList());
            run.emit(id);
            return new Lookup(CompletableFuture.completedFuture(id));
        }
        ExecutorService pool = Executors.newCachedThreadPool(Threads.daemon("runbook-identity"));
        List<CompletableFuture<RunEvent.Identity.Target>> asked = new ArrayList<>();
        for (Ask a : sources) asked.add(CompletableFuture.supplyAsync(() -> one(run, invoker, a), pool));
        CompletableFuture<RunEvent.Identity> answer = CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).handle((x, t) -> {
            pool.shutdown();
            RunEvent.Identity id = new RunEvent.Identity(asked.stream().map(f -> f.getNow(null)).filter(java.util.Objects::nonNull).toList());
            try {
                run.emit(id);
            } catch (RuntimeException journalStopped) {
                // the journal failed or was stopped (second Ctrl-C): the run's own next event reports that
            }
            return id;
        });
        return new Lookup(answer);
    }

    /**
     * One identity to ask: a provider's (no arguments), or, for a provider whose steps say where they act, one per
     * distinct set of those arguments; {@code unknownWhy} when they cannot be known before the run (they use a step's
     * outputs).
     */
    private record Ask(String provider, ActionResolver.IdentitySource source, Map<String, Object> args, String unknownWhy) {}

    /**
     * The provider's steps' identity arguments (a database's connection and password), rendered as the run starts
     * (parameters, environment): one lookup per distinct set, in the order the steps come. A step whose arguments use
     * another step's outputs cannot be known yet: one "unknown until the step runs" line, never a guess.
     */
    private static List<Ask> perStep(RunContext run, String provider, ActionResolver.IdentitySource source) {
        Map<String, Ask> distinct = new java.util.LinkedHashMap<>();
        for (Step s : run.rb.allSteps()) {
            Optional<dev.runbook.action.ActionSpec> spec = run.o.actions().spec(s.uses());
            if (spec.isEmpty() || !spec.get().provider().equals(provider)) continue;
            Map<String, Object> args = new java.util.LinkedHashMap<>();
            String why = null;
            for (String name : source.arguments()) {
                dev.runbook.model.Node n = s.with() == null ? null : s.with().get(name);
                if (n == null) continue;
                try {
                    if (!run.scope.eval().stepsRead(n, "with." + name).isEmpty()) {
                        why = "step " + s.id() + "'s " + name + " uses other steps' outputs: known when it runs";
                        break;
                    }
                    args.put(name, Plain.normalize(run.scope.eval().renderNode(n, run.scope.scope(), "with." + name)));
                } catch (Evaluator.Failure f) {
                    why = "step " + s.id() + "'s " + name + " cannot be rendered yet: " + f.getMessage();
                    break;
                }
            }
            if (why == null && args.isEmpty()) continue;
            String key = why != null ? "unknown:" + s.id() : String.valueOf(args);
            distinct.putIfAbsent(key, new Ask(provider, source, why == null ? args : Map.of(), why));
        }
        return new ArrayList<>(distinct.values());
    }

    private static RunEvent.Identity.Target one(RunContext run, ActionInvoker invoker, Ask ask) {
        String provider = ask.provider();
        ActionResolver.IdentitySource source = ask.source();
        if (run.req.mode() == Mode.OFFLINE) return new RunEvent.Identity.Target(provider, "offline", "not asked", Map.of());
        if (ask.unknownWhy() != null) return new RunEvent.Identity.Target(provider, "unknown", run.redact(ask.unknownWhy()), Map.of());
        try {
            Action action = source.load().get();
            Duration timeout = budget(action.spec().defaultTimeout());
            Result r;
            try {
                r = invoker.identity(provider, action, ask.args(), timeout);
            } catch (ActionException e) {
                if (e.kind() != ActionException.Kind.TIMEOUT) throw e;
                // its own budget ran out (a hung endpoint, a sign-in slower than that): the steps go on with their own timeouts
                return new RunEvent.Identity.Target(provider, "unknown", "timed out after " + dev.runbook.model.Durations.format(timeout), Map.of());
            }
            Map<String, Object> outs = Plain.normalizeMap(r.outputs());
            return new RunEvent.Identity.Target(provider, run.req.mode() == Mode.REHEARSAL ? "simulated" : "known",
                    run.redact(source.text().apply(outs)), outs);
        } catch (ActionException | RuntimeException e) {
            // never a reason to stop: the steps that need the provider fail (or not) on their own, and say why
            return new RunEvent.Identity.Target(provider, "unknown", run.redact(reason(source.name(), e.getMessage())), Map.of());
        }
    }

    /** {@link #BUDGET}, or the identity action's own default timeout when it is shorter. */
    static Duration budget(Duration actionDefault) {
        return actionDefault != null && actionDefault.compareTo(BUDGET) < 0 ? actionDefault : BUDGET;
    }

    /** The providers of every action the runbook uses, steps and undos, in the order they first appear. */
    static Set<String> providers(RunContext run) {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : run.rb.allSteps()) {
            run.o.actions().spec(s.uses()).map(spec -> spec.provider()).ifPresent(out::add);
            if (s.undo() != null) run.o.actions().spec(s.undo().uses()).map(spec -> spec.provider()).ifPresent(out::add);
        }
        return out;
    }

    /** The failure's headline (its first line, and its detail when that only leads in), without the action's name in front, cut at a word within a header line's room. */
    static String reason(String action, String message) {
        if (message == null || message.isBlank()) return "no reason given";
        String l = dev.runbook.text.Display.headline(message);
        if (l.startsWith(action + ": ")) l = l.substring(action.length() + 2);
        if (l.length() <= MAX_REASON) return l;
        int cut = l.lastIndexOf(' ', MAX_REASON);
        return l.substring(0, cut > MAX_REASON / 2 ? cut : MAX_REASON) + " …";
    }

    private static final int MAX_REASON = 120;
}
