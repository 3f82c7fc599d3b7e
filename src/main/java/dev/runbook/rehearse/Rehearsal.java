package dev.runbook.rehearse;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.sim.SimClock;
import dev.runbook.action.sim.SimResolver;
import dev.runbook.action.sim.SimWorld;
import dev.runbook.engine.ActionResolver;
import dev.runbook.engine.Engine;
import dev.runbook.engine.EngineOptions;
import dev.runbook.engine.RunListener;
import dev.runbook.engine.RunRequest;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.Journal;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import java.time.InstantSource;
import dev.runbook.action.sim.Replay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a runbook on a scenario: the caller's engine options (gates, UI listeners, journal) with every
 * action swapped for its simulator and the clock for the rehearsal's, then the debrief.
 */
public final class Rehearsal {
    private Rehearsal() {}

    /** A finished rehearsal: the engine's result, the debrief, and the simulated world as it ended. */
    public record Run(RunResult result, Debrief debrief, SimWorld world) {}

    /**
     * A rehearsal ready to start: the caller's options with every action simulated, the rehearsal's clock and
     * the debrief's recorder. Whoever runs the engine (the CLI through the run service, or {@link #run}) hands
     * the result to {@link #finish}.
     */
    public record Staged(Scenario scenario, EngineOptions options, SimWorld world, DebriefRecorder recorder, SimResolver sim) {
        public Run finish(RunResult result) {
            return new Run(result, recorder.debrief(result.outcome(), world.events()), world);
        }

        /**
         * Before {@code runbook resume} of an interrupted rehearsal: the world made again from the scenario, brought to
         * where the journal left it by making each simulated call it recorded again (see {@link Replay}), and the
         * debrief told what happened before, so it judges the whole rehearsal.
         */
        public Staged replay(String runId, List<RunEvent> journal) {
            return replay(runId, journal, null, null);
        }

        /**
         * As {@link #replay(String, List)}, in simulated time: {@code clock} is moved to each event's recorded time
         * ({@code times}, the journal's {@code ts}, which a rehearsal writes in its simulated time) before the event is
         * replayed, so a world change timed from the start, a step's success or a resource's state counts from when that
         * happened in the rehearsal, not from the resume; then to the last event's time, where the rehearsal goes on.
         * A time that does not parse leaves the clock where it is.
         */
        public Staged replay(String runId, List<RunEvent> journal, List<String> times, SimClock clock) {
            // which calls finished: a call is cut short when its step ended cancelled, or when nothing ended it
            List<Boolean> completed = new ArrayList<>();
            Map<String, Integer> open = new HashMap<>();
            for (RunEvent e : journal) {
                if (e instanceof RunEvent.StepStarted s) {
                    open.put(s.step(), completed.size());
                    completed.add(false);
                } else if (e instanceof RunEvent.StepRetrying r && open.containsKey(r.step())) {
                    completed.set(open.get(r.step()), true);
                    open.put(r.step(), completed.size());
                    completed.add(false);
                } else if (e instanceof RunEvent.StepFinished f && open.containsKey(f.step())) {
                    completed.set(open.remove(f.step()), f.status() != StepStatus.CANCELLED);
                } else if (e instanceof RunEvent.UndoStarted u) {
                    open.put("undo:" + u.step(), completed.size());
                    completed.add(false);
                } else if (e instanceof RunEvent.UndoFinished u && open.containsKey("undo:" + u.step())) {
                    completed.set(open.remove("undo:" + u.step()), true);
                }
            }
            Replay replay = new Replay(sim);
            Map<String, RunEvent.StepStarted> started = new HashMap<>();
            int call = 0;
            for (int i = 0; i < journal.size(); i++) {
                RunEvent e = journal.get(i);
                if (clock != null && times != null && i < times.size()) jump(clock, times.get(i));
                if (e instanceof RunEvent.StepStarted s) {
                    started.put(s.step(), s);
                    replay.call(s.step(), s.uses(), s.args(), completed.get(call++));
                } else if (e instanceof RunEvent.StepRetrying r && started.containsKey(r.step())) {
                    RunEvent.StepStarted s = started.get(r.step());
                    replay.call(s.step(), s.uses(), s.args(), completed.get(call++));
                } else if (e instanceof RunEvent.UndoStarted u) {
                    replay.call(u.step(), u.uses(), u.args(), completed.get(call++));
                } else if (e instanceof RunEvent.StepFinished f && f.status() == StepStatus.SUCCEEDED) {
                    replay.succeeded(f.step());
                }
                recorder.on(runId, e);
            }
            return this;
        }

        private static void jump(SimClock clock, String ts) {
            try {
                clock.jumpTo(java.time.Instant.parse(ts));
            } catch (java.time.format.DateTimeParseException | NullPointerException e) {
                // an unreadable time: the clock stays where it is
            }
        }
    }

    public static Staged stage(Scenario scenario, Catalogue catalogue, EngineOptions options, SimClock clock) {
        SimWorld world = new SimWorld(scenario.sim(), clock);
        SimResolver sim = new SimResolver(catalogue, world);
        DebriefRecorder recorder = new DebriefRecorder(scenario);
        EngineOptions opts = options.withActions(resolver(catalogue, sim)).withClock(new SimEngineClock(clock)).withListener(recorder)
                .withListener(succeeded(world));
        return new Staged(scenario, opts, world, recorder, sim);
    }

    public static Run run(Runbook rb, Scenario scenario, Catalogue catalogue, EngineOptions options, double speed, String runId, Journal journal) {
        Staged staged = stage(scenario, catalogue, options, new SimClock(InstantSource.system(), speed));
        RunResult result = new Engine(staged.options()).run(RunRequest.rehearsal(runId, rb, scenario.id(), parameters(scenario, rb)), journal);
        return staged.finish(result);
    }

    /**
     * Steps whose action runs for real ({@code manual}: "resubmit the dead letters", "repoint the app") change the
     * world too: their success triggers the scenario's {@code when: { step: ... }} changes as a simulated step's does.
     */
    static RunListener succeeded(SimWorld world) {
        return (runId, event) -> {
            if (event instanceof RunEvent.StepFinished f && f.status() == StepStatus.SUCCEEDED && !world.hasSucceeded(f.step())) {
                world.stepSucceeded(f.step());
            }
        };
    }

    static ActionResolver resolver(Catalogue catalogue, SimResolver sim) {
        return new ActionResolver() {
            @Override
            public Optional<ActionSpec> spec(String name) {
                return catalogue.spec(name);
            }

            @Override
            public Action action(String name) {
                return sim.resolve(name);
            }

            @Override
            public Optional<IdentitySource> identity(String provider) {
                return ActionResolver.source(catalogue, provider, sim::identity);
            }
        };
    }

    /** The scenario's parameter values over the runbook's defaults. */
    public static Map<String, Object> parameters(Scenario scenario, Runbook rb) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Parameter p : rb.parameters().values()) {
            Object v = scenario.parameters().containsKey(p.name()) ? scenario.parameters().get(p.name()) : p.defaultValue();
            if (v != null) out.put(p.name(), v);
        }
        return out;
    }

    /**
     * The operator when nobody is at the terminal: the scenario's {@code answers:}; a gate it does not
     * answer gets the expected answer when that can be known (approve a write step, refuse any step).
     */
    public static Answers answers(Scenario scenario, Runbook rb, Catalogue catalogue) {
        ScriptedAnswers a = scenario.answers();
        Map<String, String> gates = new LinkedHashMap<>();
        for (String step : scenario.expect().refuse()) gates.put(step, "no");
        for (String step : scenario.expect().approve()) {
            Effect effect = rb.step(step).map(s -> ScenarioChecker.effectOf(s, catalogue)).orElse(Effect.WRITE);
            if (effect == Effect.WRITE) gates.put(step, "yes");
        }
        gates.putAll(a.gates());
        return new Answers(gates, a.failures(), Map.of(), a.confirm(), a.ask(), a.interrupt());
    }
}
