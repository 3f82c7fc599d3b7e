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
 */
final class TargetIdentity {
    private TargetIdentity() {}

    static RunEvent.Identity ask(RunContext run, ActionInvoker invoker) {
        List<Map.Entry<String, ActionResolver.IdentitySource>> sources = new ArrayList<>();
        for (String provider : providers(run)) {
            Optional<ActionResolver.IdentitySource> s = run.o.actions().identity(provider);
            s.ifPresent(x -> sources.add(Map.entry(provider, x)));
        }
        if (sources.isEmpty()) return new RunEvent.Identity(List.of());
        if (sources.size() == 1) return new RunEvent.Identity(List.of(one(run, invoker, sources.get(0).getKey(), sources.get(0).getValue())));
        ExecutorService pool = Executors.newCachedThreadPool(Threads.daemon("runbook-identity"));
        try {
            List<CompletableFuture<RunEvent.Identity.Target>> asked = new ArrayList<>();
            for (var e : sources) asked.add(CompletableFuture.supplyAsync(() -> one(run, invoker, e.getKey(), e.getValue()), pool));
            return new RunEvent.Identity(asked.stream().map(CompletableFuture::join).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunEvent.Identity.Target one(RunContext run, ActionInvoker invoker, String provider, ActionResolver.IdentitySource source) {
        if (run.req.mode() == Mode.OFFLINE) return new RunEvent.Identity.Target(provider, "offline", "not asked", Map.of());
        try {
            Action action = source.load().get();
            Duration timeout = action.spec().defaultTimeout() != null ? action.spec().defaultTimeout() : Duration.ofSeconds(30);
            Result r = invoker.identity(provider, action, timeout);
            Map<String, Object> outs = Plain.normalizeMap(r.outputs());
            return new RunEvent.Identity.Target(provider, run.req.mode() == Mode.REHEARSAL ? "simulated" : "known",
                    run.redact(source.text().apply(outs)), outs);
        } catch (ActionException | RuntimeException e) {
            // never a reason to stop: the steps that need the provider fail (or not) on their own, and say why
            return new RunEvent.Identity.Target(provider, "unknown", run.redact(reason(source.name(), e.getMessage())), Map.of());
        }
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

    /** The failure's first line, without the action's name in front, cut at a word within a header line's room. */
    static String reason(String action, String message) {
        if (message == null || message.isBlank()) return "no reason given";
        String l = message.strip().lines().findFirst().orElse("").strip();
        if (l.startsWith(action + ": ")) l = l.substring(action.length() + 2);
        if (l.length() <= MAX_REASON) return l;
        int cut = l.lastIndexOf(' ', MAX_REASON);
        return l.substring(0, cut > MAX_REASON / 2 ? cut : MAX_REASON) + " …";
    }

    private static final int MAX_REASON = 120;
}
