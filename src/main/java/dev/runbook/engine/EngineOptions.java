package dev.runbook.engine;

import dev.runbook.action.Catalogue;
import dev.runbook.engine.gate.Answers;
import dev.runbook.engine.gate.GateKeeper;
import dev.runbook.engine.gate.Interaction;
import dev.runbook.model.Runbook;
import dev.runbook.secret.Redactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How the engine runs, independent of which runbook: where actions come from, the clock, gates, listeners
 * and the environment actions see. Rehearsals swap actions and clock with {@link #withActions} and
 * {@link #withClock}; everything else stays the same.
 *
 * @param cancelGrace how long a cancelled action may take to stop before the engine stops waiting for it
 */
public record EngineOptions(int parallel, ActionResolver actions, EngineClock clock, GateKeeper gates,
                            List<RunListener> listeners, Map<String, String> settings, Map<String, String> environment,
                            Path workDir, Redactor redactor, String user, String host,
                            Function<Runbook, StepOrder> order, Duration cancelGrace) {

    public EngineOptions {
        if (parallel < 1) throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
        listeners = List.copyOf(listeners);
        settings = Map.copyOf(settings);
        environment = Map.copyOf(environment);
    }

    public EngineOptions withActions(ActionResolver a) {
        return new EngineOptions(parallel, a, clock, gates, listeners, settings, environment, workDir, redactor, user, host, order, cancelGrace);
    }

    public EngineOptions withClock(EngineClock c) {
        return new EngineOptions(parallel, actions, c, gates, listeners, settings, environment, workDir, redactor, user, host, order, cancelGrace);
    }

    public EngineOptions withListener(RunListener l) {
        List<RunListener> all = new ArrayList<>(listeners);
        all.add(l);
        return new EngineOptions(parallel, actions, clock, gates, all, settings, environment, workDir, redactor, user, host, order, cancelGrace);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int parallel = 4;
        private ActionResolver actions;
        private EngineClock clock = EngineClock.SYSTEM;
        private boolean yes;
        private Set<String> approve = Set.of();
        private Answers answers = Answers.NONE;
        private Interaction interaction = Interaction.NONE;
        private final List<RunListener> listeners = new ArrayList<>();
        private Map<String, String> settings = Map.of();
        private Map<String, String> environment = System.getenv();
        private Path workDir = Path.of("").toAbsolutePath();
        private Redactor redactor = new Redactor();
        private String user = System.getProperty("user.name", "unknown");
        private String host = hostName();
        private Function<Runbook, StepOrder> order = GraphStepOrder::of;
        private Duration cancelGrace = Duration.ofSeconds(5);

        public Builder parallel(int n) { this.parallel = n; return this; }
        public Builder actions(ActionResolver a) { this.actions = a; return this; }
        public Builder catalogue(Catalogue c) { this.actions = ActionResolver.of(c); return this; }
        public Builder clock(EngineClock c) { this.clock = c; return this; }
        public Builder yes(boolean y) { this.yes = y; return this; }
        public Builder approve(Set<String> steps) { this.approve = Set.copyOf(steps); return this; }
        public Builder answers(Answers a) { this.answers = a; return this; }
        public Builder interaction(Interaction i) { this.interaction = i; return this; }
        public Builder listener(RunListener l) { this.listeners.add(l); return this; }
        public Builder settings(Map<String, String> s) { this.settings = s; return this; }
        public Builder environment(Map<String, String> e) { this.environment = e; return this; }
        public Builder workDir(Path p) { this.workDir = p; return this; }
        public Builder redactor(Redactor r) { this.redactor = r; return this; }
        public Builder user(String u) { this.user = u; return this; }
        public Builder host(String h) { this.host = h; return this; }
        public Builder order(Function<Runbook, StepOrder> o) { this.order = o; return this; }
        public Builder cancelGrace(Duration d) { this.cancelGrace = d; return this; }

        public EngineOptions build() {
            ActionResolver a = actions != null ? actions : ActionResolver.of(Catalogue.standard());
            return new EngineOptions(parallel, a, clock, new GateKeeper(yes, approve, answers, interaction), listeners,
                    settings, environment, workDir, redactor, user, host, order, cancelGrace);
        }
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
