package dev.runbook.engine;

import dev.runbook.journal.JournalException;
import dev.runbook.model.Phase;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs one phase's steps, up to {@code --parallel} at a time, each as soon as the steps it waits for ended
 * (document order among the ready ones). Steps that already ended (resume) count as done. The first step that
 * stops the run stops scheduling; running steps are waited for.
 */
final class Scheduler {
    private final RunContext run;
    private final Function<Step, StepEnding> runner;

    Scheduler(RunContext run, Function<Step, StepEnding> runner) {
        this.run = run;
        this.runner = runner;
    }

    StepEnding runPhase(Phase phase) {
        List<Step> steps = run.order.steps(phase);
        Map<String, Step> pending = new LinkedHashMap<>();
        Set<String> done = new HashSet<>();
        for (Step s : steps) {
            if (run.ledger.ended(s.id())) done.add(s.id());
            else pending.put(s.id(), s);
        }
        if (pending.isEmpty()) return StepEnding.CONTINUE;
        // Each pending step counts the steps it still waits for, and a step that ends counts down its dependents: a
        // scan of every pending step after each end made a chain of n steps cost n^2/2 set checks.
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) index.putIfAbsent(steps.get(i).id(), i);
        int[] waiting = new int[steps.size()];
        Map<String, List<Integer>> dependents = new HashMap<>();
        TreeSet<Integer> ready = new TreeSet<>();
        for (Step s : pending.values()) {
            int i = index.get(s.id());
            for (String w : run.order.waitsFor(s)) {
                if (done.contains(w)) continue;
                waiting[i]++;
                dependents.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
            }
            if (waiting[i] == 0) ready.add(i);
        }
        int parallel = run.o.parallel();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, Threads.daemon("runbook-step"));
        ExecutorCompletionService<Map.Entry<String, StepEnding>> ecs = new ExecutorCompletionService<>(pool);
        CancellationToken phaseToken = run.control.token();
        int running = 0;
        StepEnding stop = null;
        try {
            while (true) {
                if (stop == null && !phaseToken.isCancelled()) {
                    while (running < parallel && !ready.isEmpty()) {
                        Step s = steps.get(ready.pollFirst());
                        pending.remove(s.id());
                        running++;
                        ecs.submit(() -> Map.entry(s.id(), runner.apply(s)));
                    }
                }
                if (running == 0) break;
                Map.Entry<String, StepEnding> r;
                try {
                    r = ecs.take().get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof JournalException je) throw je;
                    throw new IllegalStateException("step failed unexpectedly", c);
                }
                running--;
                if (done.add(r.getKey())) {
                    for (int i : dependents.getOrDefault(r.getKey(), List.of())) {
                        if (--waiting[i] == 0) ready.add(i);
                    }
                }
                if (r.getValue() != StepEnding.CONTINUE && stop == null) stop = r.getValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StepEnding.INTERRUPT;
        } finally {
            pool.shutdownNow();
        }
        if (stop != null) return stop;
        if (phaseToken.isCancelled()) return StepEnding.INTERRUPT;
        if (!pending.isEmpty()) {
            throw new IllegalStateException("steps " + pending.keySet() + " in " + phase.id() + " never became ready (a needs cycle?)");
        }
        return StepEnding.CONTINUE;
    }
}
