package dev.runbook.graph;

import dev.runbook.model.Names;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The order steps run in. Phases run one after another (diagnose, resolve, verify; rollback only after a
 * failure). Inside a phase a step waits for its {@code needs} (default: the previous step of the phase;
 * {@code needs: []} makes it independent), so steps whose dependencies are met may run in parallel.
 *
 * <p>Built tolerantly: unknown needs, cycles and needs on later phases are reported as {@link GraphProblem}s
 * and left out of the edges, so validation can still reason about the rest. The engine must refuse to run a
 * graph whose {@link Build#problems()} is not empty.
 */
public final class StepGraph {
    private final Map<Phase, List<Step>> ordered;
    private final Map<String, Step> byId;
    private final Map<String, Set<String>> deps;
    // ancestors as bit sets over ids (one bit per step): a long chain of needs holds N²/8 bytes, not N² strings
    private final List<String> ids;
    private final Map<String, Integer> index;
    private final BitSet[] ancestors;
    private final Map<String, Integer> level;

    public record Build(StepGraph graph, List<GraphProblem> problems) {
        public Build {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private StepGraph(Map<Phase, List<Step>> ordered, Map<String, Step> byId, Map<String, Set<String>> deps,
                      List<String> ids, Map<String, Integer> index, BitSet[] ancestors, Map<String, Integer> level) {
        this.ordered = ordered;
        this.byId = byId;
        this.deps = deps;
        this.ids = ids;
        this.index = index;
        this.ancestors = ancestors;
        this.level = level;
    }

    public static Build build(Runbook runbook) {
        List<GraphProblem> problems = new ArrayList<>();
        Map<String, Step> byId = new LinkedHashMap<>();
        for (Step s : runbook.allSteps()) byId.putIfAbsent(s.id(), s);
        Map<String, Set<String>> deps = new LinkedHashMap<>();

        for (Phase phase : Phase.values()) {
            List<Step> steps = runbook.steps(phase);
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                if (byId.get(s.id()) != s) continue;
                Set<String> d = new LinkedHashSet<>();
                if (s.needs() == null) {
                    if (i > 0) d.add(steps.get(i - 1).id());
                } else {
                    for (String need : s.needs()) {
                        Step target = byId.get(need);
                        if (target == null) {
                            String hint = Names.closest(need, byId.keySet()).map(c -> "did you mean '" + c + "'?")
                                    .orElse("needs lists ids of steps in this or an earlier phase");
                            problems.add(new GraphProblem(GraphProblem.Kind.UNKNOWN_NEED, s.id(), s.at("needs"),
                                    "step '" + s.id() + "' needs '" + need + "', which is not a step of this runbook", hint));
                        } else if (target.phase().compareTo(phase) > 0) {
                            problems.add(new GraphProblem(GraphProblem.Kind.NEED_LATER_PHASE, s.id(), s.at("needs"),
                                    "step '" + s.id() + "' (" + phase.id() + ") needs '" + need + "' of the later phase "
                                            + target.phase().id() + ", which runs after it",
                                    "phases run in order diagnose, resolve, verify; move one of the steps"));
                        } else if (target.phase() == phase) {
                            d.add(need);
                        }
                        // a step of an earlier phase has always finished: no edge needed
                    }
                }
                deps.put(s.id(), d);
            }
        }

        Map<String, Integer> index = new HashMap<>();
        List<String> ids = new ArrayList<>(deps.keySet());
        for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
        BitSet[] ancestors = ancestorSets(ids, index, deps);
        // a step without ancestors in dependency order is in or behind a cycle: only then look for cycles
        boolean acyclic = true;
        for (BitSet a : ancestors) acyclic &= a != null;
        if (!acyclic) cyclesAndUnreachable(byId, deps, ids, index, ancestors, problems);

        Map<Phase, List<Step>> ordered = new EnumMap<>(Phase.class);
        Map<String, Integer> level = new HashMap<>();
        for (Phase phase : Phase.values()) {
            List<Step> steps = new ArrayList<>();
            for (Step s : runbook.steps(phase)) if (byId.get(s.id()) == s) steps.add(s);
            ordered.put(phase, topological(steps, deps, level));
        }
        Map<String, Set<String>> frozenDeps = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : deps.entrySet()) frozenDeps.put(e.getKey(), Collections.unmodifiableSet(e.getValue()));
        // not Map.copyOf: its open addressing probes long runs for ids like s1..s15000 (a third of a 15,000-step dry run)
        StepGraph g = new StepGraph(Collections.unmodifiableMap(ordered), Collections.unmodifiableMap(byId), frozenDeps,
                List.copyOf(ids), Collections.unmodifiableMap(index), ancestors, level);
        return new Build(g, problems);
    }

    /** Reports each needs cycle and each step waiting behind one; fills in the ancestors of those steps by walking. */
    private static void cyclesAndUnreachable(Map<String, Step> byId, Map<String, Set<String>> deps, List<String> ids,
                                             Map<String, Integer> index, BitSet[] ancestors, List<GraphProblem> problems) {
        Set<String> inCycle = new HashSet<>();
        for (List<String> cycle : cycles(deps)) {
            inCycle.addAll(cycle);
            Step first = byId.get(cycle.get(0));
            List<String> path = new ArrayList<>(cycle);
            path.add(cycle.get(0));
            String msg = cycle.size() == 1
                    ? "step '" + first.id() + "' needs itself"
                    : "needs form a cycle in " + first.phase().id() + ": " + String.join(" → ", path);
            problems.add(new GraphProblem(GraphProblem.Kind.CYCLE, first.id(), first.at("needs"), msg,
                    "remove one of these needs so the steps can be ordered"));
        }
        for (int i = 0; i < ids.size(); i++) {
            if (ancestors[i] != null) continue;
            BitSet a = new BitSet(ids.size());
            for (String x : closure(ids.get(i), deps)) a.set(index.get(x));
            ancestors[i] = a;
        }
        BitSet cyclic = new BitSet(ids.size());
        for (String id : inCycle) cyclic.set(index.get(id));
        for (String id : deps.keySet()) {
            if (inCycle.contains(id) || !ancestors[index.get(id)].intersects(cyclic)) continue;
            // the walk names the same blocking step as ever
            Optional<String> blocked = closure(id, deps).stream().filter(inCycle::contains).findFirst();
            if (blocked.isPresent()) {
                Step s = byId.get(id);
                problems.add(new GraphProblem(GraphProblem.Kind.UNREACHABLE, id, s.pos(),
                        "step '" + id + "' can never run: it waits for '" + blocked.get() + "', which is part of a needs cycle",
                        "break the cycle"));
            }
        }
    }

    /** Phases that have steps, in run order. */
    public List<Phase> phases() {
        return ordered.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** A phase's steps in an order that respects needs (document order where free). */
    public List<Step> steps(Phase phase) {
        return ordered.get(phase);
    }

    public Optional<Step> step(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The steps of the same phase this one waits for directly (needs resolved, defaults applied). */
    public Set<String> dependencies(String id) {
        return deps.getOrDefault(id, Set.of());
    }

    /** Every step of the same phase this one waits for, directly or not. */
    public Set<String> ancestors(String id) {
        Integer i = index.get(id);
        if (i == null) return Set.of();
        Set<String> out = new LinkedHashSet<>();
        ancestors[i].stream().forEach(a -> out.add(ids.get(a)));
        return Collections.unmodifiableSet(out);
    }

    /** True when {@code a} has always finished before {@code b} starts: an earlier phase, or an ancestor in the same one. */
    public boolean isBefore(String a, String b) {
        Step sa = byId.get(a);
        Step sb = byId.get(b);
        if (sa == null || sb == null || a.equals(b)) return false;
        if (sa.phase() != sb.phase()) return sa.phase().compareTo(sb.phase()) < 0;
        Integer ia = index.get(a);
        Integer ib = index.get(b);
        return ia != null && ib != null && ancestors[ib].get(ia);
    }

    /**
     * Steps grouped by how soon they can start: the first group waits for nothing in its phase, each later
     * group only for steps in earlier groups. Steps in the same group may run at the same time.
     */
    public List<List<Step>> parallelGroups(Phase phase) {
        List<List<Step>> groups = new ArrayList<>();
        for (Step s : ordered.get(phase)) {
            int l = level.getOrDefault(s.id(), 0);
            while (groups.size() <= l) groups.add(new ArrayList<>());
            groups.get(l).add(s);
        }
        groups.removeIf(List::isEmpty);
        return groups.stream().map(List::copyOf).toList();
    }

    private static List<Step> topological(List<Step> steps, Map<String, Set<String>> deps, Map<String, Integer> level) {
        int n = steps.size();
        if (n == 0) return List.of();
        if (needsOnlyEarlier(steps, deps)) {
            // the usual case: document order is already an order of needs, and it is the one the queue below gives
            for (Step s : steps) {
                int l = 0;
                for (String d : deps.getOrDefault(s.id(), Set.of())) l = Math.max(l, level.getOrDefault(d, 0) + 1);
                level.put(s.id(), l);
            }
            return List.copyOf(steps);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) index.put(steps.get(i).id(), i);
        int[] missing = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) dependents.add(null);
        for (int i = 0; i < n; i++) {
            Set<String> d = deps.getOrDefault(steps.get(i).id(), Set.of());
            missing[i] = d.size();
            for (String x : d) {
                // a need outside this phase's list (an id that is also an earlier phase's step) never finishes here
                Integer j = index.get(x);
                if (j == null) continue;
                if (dependents.get(j) == null) dependents.set(j, new ArrayList<>());
                dependents.get(j).add(i);
            }
        }
        // ready steps leave in document order
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) if (missing[i] == 0) ready.add(i);
        List<Step> out = new ArrayList<>(n);
        boolean[] done = new boolean[n];
        int after = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            Step s = steps.get(i);
            out.add(s);
            done[i] = true;
            int l = 0;
            for (String d : deps.getOrDefault(s.id(), Set.of())) l = Math.max(l, level.getOrDefault(d, 0) + 1);
            level.put(s.id(), l);
            after = Math.max(after, l + 1);
            List<Integer> next = dependents.get(i);
            if (next != null) for (int k : next) if (--missing[k] == 0) ready.add(k);
        }
        // steps in or behind a cycle: appended in document order so every step is still listed
        for (int i = 0; i < n; i++) {
            if (!done[i]) {
                Step s = steps.get(i);
                out.add(s);
                level.put(s.id(), after++);
            }
        }
        return List.copyOf(out);
    }

    /** True when every step needs only steps listed before it in {@code steps}. */
    private static boolean needsOnlyEarlier(List<Step> steps, Map<String, Set<String>> deps) {
        Set<String> seen = new HashSet<>();
        for (Step s : steps) {
            for (String d : deps.getOrDefault(s.id(), Set.of())) if (!seen.contains(d)) return false;
            seen.add(s.id());
        }
        return true;
    }

    /**
     * Each step's ancestors: in dependency order a step's set is the union of its needs' sets and the needs
     * themselves (linear in edges × words); steps in or behind a cycle have no such order and are left null.
     */
    private static BitSet[] ancestorSets(List<String> ids, Map<String, Integer> index, Map<String, Set<String>> deps) {
        int n = ids.size();
        BitSet[] out = new BitSet[n];
        // the usual case: every step needs only steps listed before it, so one pass in that order will do
        boolean ordered = true;
        for (int i = 0; i < n && ordered; i++) {
            BitSet a = new BitSet(n);
            for (String d : deps.get(ids.get(i))) {
                int j = index.get(d);
                if (j >= i) {
                    ordered = false;
                    break;
                }
                a.or(out[j]);
                a.set(j);
            }
            out[i] = a;
        }
        if (ordered) return out;
        out = new BitSet[n];
        int[] missing = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) dependents.add(new ArrayList<>());
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            for (String d : deps.get(ids.get(i))) dependents.get(index.get(d)).add(i);
            missing[i] = deps.get(ids.get(i)).size();
            if (missing[i] == 0) ready.add(i);
        }
        while (!ready.isEmpty()) {
            int i = ready.poll();
            BitSet a = new BitSet(n);
            for (String d : deps.get(ids.get(i))) {
                int j = index.get(d);
                a.or(out[j]);
                a.set(j);
            }
            out[i] = a;
            for (int next : dependents.get(i)) if (--missing[next] == 0) ready.add(next);
        }
        return out;
    }

    private static Set<String> closure(String id, Map<String, Set<String>> deps) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(deps.getOrDefault(id, Set.of()));
        while (!todo.isEmpty()) {
            String x = todo.pop();
            if (seen.add(x)) todo.addAll(deps.getOrDefault(x, Set.of()));
        }
        seen.remove(id);
        return seen;
    }

    /** Each elementary cycle found by a depth-first search, once, starting at its earliest step. */
    private static List<List<String>> cycles(Map<String, Set<String>> deps) {
        List<String> order = new ArrayList<>(deps.keySet());
        Map<String, Integer> state = new HashMap<>();
        List<List<String>> found = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (String start : order) {
            if (state.containsKey(start)) continue;
            Deque<String> path = new ArrayDeque<>();
            dfs(start, deps, state, path, found, reported, order);
        }
        return found;
    }

    private static void dfs(String id, Map<String, Set<String>> deps, Map<String, Integer> state, Deque<String> path,
                            List<List<String>> found, Set<String> reported, List<String> order) {
        state.put(id, 1);
        path.addLast(id);
        for (String d : deps.getOrDefault(id, Set.of())) {
            Integer st = state.get(d);
            if (st == null) {
                dfs(d, deps, state, path, found, reported, order);
            } else if (st == 1) {
                List<String> p = new ArrayList<>(path);
                List<String> cycle = new ArrayList<>(p.subList(p.indexOf(d), p.size()));
                // edges point to dependencies; reverse so the path reads in run order (a → b: b needs a)
                Collections.reverse(cycle);
                int first = 0;
                for (int i = 1; i < cycle.size(); i++) {
                    if (order.indexOf(cycle.get(i)) < order.indexOf(cycle.get(first))) first = i;
                }
                Collections.rotate(cycle, -first);
                if (cycle.stream().noneMatch(reported::contains)) {
                    reported.addAll(cycle);
                    found.add(cycle);
                }
            }
        }
        path.removeLast();
        state.put(id, 2);
    }
}
