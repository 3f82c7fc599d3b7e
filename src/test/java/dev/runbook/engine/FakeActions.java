package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test actions that record every plan/execute call: {@code fake.read}, {@code fake.write}, {@code fake.destroy}
 * (target: name), {@code fake.flaky} (fails transiently {@code failures} times), {@code fake.fail}, {@code fake.sleep},
 * {@code fake.unreachable} (a read whose provider cannot be signed in to), {@code fake.unreachable-query} (the same, for a
 * query whose rows are shown as a table).
 */
final class FakeActions implements ActionResolver {
    final List<String> executed = Collections.synchronizedList(new ArrayList<>());
    final List<String> planned = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> flakyCalls = new ConcurrentHashMap<>();
    final Map<String, ActionSpec> specs = new LinkedHashMap<>();

    FakeActions() {
        add(ActionSpec.builder("fake.read", Effect.READ).optional("value", ParamType.ANY, "v", "value echoed")
                .output("value", ParamType.ANY, "echo").output("count", ParamType.INT, "n").build());
        add(ActionSpec.builder("fake.write", Effect.WRITE).optional("value", ParamType.ANY, "w", "value")
                .output("value", ParamType.ANY, "echo").output("id", ParamType.STRING, "id")
                .before("workers", ParamType.INT, "before").build());
        add(ActionSpec.builder("fake.destroy", Effect.DESTRUCTIVE).required("name", ParamType.STRING, "what")
                .output("gone", ParamType.BOOL, "gone").target("name").build());
        add(ActionSpec.builder("fake.flaky", Effect.READ).optional("failures", ParamType.INT, 2L, "n")
                .output("calls", ParamType.INT, "n").build());
        add(ActionSpec.builder("fake.fail", Effect.WRITE).optional("kind", ParamType.STRING, "PERMANENT", "kind")
                .output("never", ParamType.STRING, "never").build());
        add(ActionSpec.builder("fake.unreachable", Effect.READ).output("value", ParamType.STRING, "never").build());
        add(ActionSpec.builder("fake.unreachable-query", Effect.READ).output("rows", ParamType.LIST, "never")
                .output("rowCount", ParamType.INT, "never").output("truncated", ParamType.BOOL, "never")
                .findings(dev.runbook.action.Findings.table("rows", null, "rowCount", "truncated")).build());
        add(ActionSpec.builder("fake.sleep", Effect.READ).optional("ms", ParamType.INT, 500L, "ms")
                .output("slept", ParamType.INT, "ms").build());
    }

    /** What the provider "fake" says about who and where it acts; null (the default): it has no identity action. */
    volatile Map<String, Object> whoami;
    /** When set, asking the identity fails with it. */
    volatile ActionException whoamiFails;
    /**
     * When set, asking the identity connects to this socket and waits for an answer that never comes (a hung endpoint:
     * a 127.0.0.1 listener that accepts and never answers); cancelling closes the socket. The identity action's default
     * timeout is then {@link #whoamiTimeout}.
     */
    volatile java.net.InetSocketAddress whoamiHangsOn;
    volatile java.time.Duration whoamiTimeout;
    /** When set, the identity takes these arguments from each fake.* step (as postgres.whoami takes a step's connection). */
    volatile List<String> whoamiArguments = List.of();
    /** How often the identity action was built (built = the provider would have been loaded) and asked. */
    final java.util.concurrent.atomic.AtomicInteger whoamiLoads = new java.util.concurrent.atomic.AtomicInteger();
    final List<String> whoamiAsked = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Optional<IdentitySource> identity(String provider) {
        if (!provider.equals("fake") || (whoami == null && whoamiFails == null && whoamiHangsOn == null)) return Optional.empty();
        ActionSpec.Builder b = ActionSpec.builder("fake.whoami", Effect.READ).output("account", ParamType.STRING, "account");
        if (whoamiTimeout != null) b.timeout(whoamiTimeout);
        ActionSpec spec = b.build();
        List<String> arguments = whoamiArguments;
        return Optional.of(new IdentitySource("fake.whoami", () -> {
            whoamiLoads.incrementAndGet();
            return new Action() {
                @Override
                public ActionSpec spec() {
                    return spec;
                }

                @Override
                public Plan plan(ActionContext ctx, Args args) {
                    throw new AssertionError("an identity is read, never planned");
                }

                @Override
                public Result execute(ActionContext ctx, Args args) throws ActionException {
                    whoamiAsked.add(ctx.stepId() + " " + args.asMap());
                    if (whoamiFails != null) throw whoamiFails;
                    if (whoamiHangsOn != null) {
                        try (java.net.Socket socket = new java.net.Socket()) {
                            try (AutoCloseable hook = ctx.cancellation().onCancel(() -> {
                                try {
                                    socket.close();
                                } catch (java.io.IOException e) {
                                    // closing is all cancelling does
                                }
                            })) {
                                socket.connect(whoamiHangsOn);
                                socket.getOutputStream().write("whoami?\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                                int b = socket.getInputStream().read();
                                throw ActionException.permanent("the endpoint answered " + b + " and closed");
                            }
                        } catch (ActionException e) {
                            throw e;
                        } catch (Exception e) {
                            throw ActionException.permanent("no answer from " + whoamiHangsOn + ": " + e.getMessage());
                        }
                    }
                    return Result.of(whoami);
                }
            };
        }, o -> "account " + o.get("account"), arguments));
    }

    void add(ActionSpec spec) {
        specs.put(spec.name(), spec);
    }

    int executions(String step) {
        synchronized (executed) {
            return (int) executed.stream().filter(step::equals).count();
        }
    }

    @Override
    public Optional<ActionSpec> spec(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    @Override
    public Action action(String name) {
        ActionSpec spec = specs.get(name);
        return new Action() {
            @Override
            public ActionSpec spec() {
                return spec;
            }

            @Override
            public Plan plan(ActionContext ctx, Args args) {
                planned.add(ctx.stepId());
                Map<String, Object> predicted = new LinkedHashMap<>();
                if (name.equals("fake.write")) predicted.put("id", "predicted-id");
                return new Plan(name + " " + args.asMap(), Map.of("workers", 1L), Map.of("workers", 3L),
                        args.optString("name").orElse(null), predicted, List.of("detail line"));
            }

            @Override
            public Result execute(ActionContext ctx, Args args) throws ActionException {
                executed.add(ctx.stepId());
                switch (name) {
                    case "fake.flaky" -> {
                        int n = flakyCalls.merge(ctx.stepId(), 1, Integer::sum);
                        if (n <= args.integer("failures")) throw ActionException.transientFailure("flaky failure " + n, null);
                        return Result.of(Map.of("calls", (long) n));
                    }
                    case "fake.fail" -> {
                        throw new ActionException(ActionException.Kind.valueOf(args.string("kind")), "it broke", "fix it", null);
                    }
                    case "fake.unreachable", "fake.unreachable-query" -> {
                        throw ActionException.permanent("fake.unreachable: no usable credential", "sign in")
                                .reaching(ActionException.Reach.SIGN_IN);
                    }
                    case "fake.sleep" -> {
                        ctx.sleep(Duration.ofMillis(args.integer("ms")));
                        return Result.of(Map.of("slept", args.integer("ms")));
                    }
                    case "fake.destroy" -> {
                        return Result.of(Map.of("gone", true));
                    }
                    default -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("value", args.get("value"));
                        out.put("count", 1L);
                        out.put("id", "id-" + ctx.stepId());
                        return Result.of(out);
                    }
                }
            }
        };
    }
}
