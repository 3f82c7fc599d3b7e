package dev.runbook.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Orders, levels and ancestors of random phases (needs backwards, forwards, on themselves, in cycles, on
 * duplicate ids) match a plain reading of the rules: ready steps leave in document order, steps in or behind a
 * cycle follow in document order, a step's level is one more than its deepest need, ancestors are the closure.
 */
class StepGraphOrderPropertyTest {
    @Test
    void random_phases_are_ordered_as_the_rules_say() {
        Random random = new Random(11);
        for (int round = 0; round < 1500; round++) {
            int n = 1 + random.nextInt(7);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) ids.add("s" + i);
            StringBuilder yaml = new StringBuilder("resolve:\n");
            Map<String, Set<String>> deps = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String needs = null;
                Set<String> d = new LinkedHashSet<>();
                int kind = random.nextInt(4);
                if (kind == 0 && i > 0) {
                    d.add(ids.get(i - 1));
                } else if (kind == 0) {
                    needs = null;
                } else {
                    List<String> picked = new ArrayList<>();
                    int k = kind == 1 ? 0 : random.nextInt(3);
                    for (int j = 0; j < k; j++) {
                        // mostly earlier steps, sometimes any (forward, itself)
                        int target = random.nextInt(10) < 8 && i > 0 ? random.nextInt(i) : random.nextInt(n);
                        if (!picked.contains(ids.get(target))) picked.add(ids.get(target));
                    }
                    needs = picked.toString();
                    d.addAll(picked);
                }
                deps.put(ids.get(i), d);
                yaml.append(StepGraphTest.step(ids.get(i), needs));
            }
            StepGraph g = StepGraph.build(StepGraphTest.parse(yaml.toString())).graph();

            // the rules, read plainly
            List<String> order = new ArrayList<>();
            Map<String, Integer> level = new HashMap<>();
            while (true) {
                String next = null;
                for (String id : ids) {
                    if (!order.contains(id) && order.containsAll(deps.get(id))) {
                        next = id;
                        break;
                    }
                }
                if (next == null) break;
                int l = 0;
                for (String d : deps.get(next)) l = Math.max(l, level.get(d) + 1);
                level.put(next, l);
                order.add(next);
            }
            int after = 0;
            for (int l : level.values()) after = Math.max(after, l + 1);
            for (String id : ids) {
                if (!order.contains(id)) {
                    order.add(id);
                    level.put(id, after++);
                }
            }
            String what = yaml.toString();
            assertThat(StepGraphTest.ids(g.steps(Phase.RESOLVE))).as(what).isEqualTo(order);
            List<List<String>> groups = new ArrayList<>();
            for (String id : order) {
                int l = level.get(id);
                while (groups.size() <= l) groups.add(new ArrayList<>());
                groups.get(l).add(id);
            }
            groups.removeIf(List::isEmpty);
            assertThat(g.parallelGroups(Phase.RESOLVE)).extracting(StepGraphTest::ids).as(what).isEqualTo(groups);
            for (String id : ids) {
                Set<String> closure = new HashSet<>();
                List<String> todo = new ArrayList<>(deps.get(id));
                while (!todo.isEmpty()) {
                    String x = todo.remove(todo.size() - 1);
                    if (closure.add(x)) todo.addAll(deps.get(x));
                }
                closure.remove(id);
                assertThat(g.ancestors(id)).as(what + " ancestors of " + id).containsExactlyInAnyOrderElementsOf(closure);
                for (String other : ids) {
                    assertThat(g.isBefore(other, id)).as(what + " " + other + " before " + id).isEqualTo(closure.contains(other) && !other.equals(id));
                }
            }
        }
    }

}
