package dev.runbook.graph;

import dev.runbook.model.Phase;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The step graph as text for a terminal, as Mermaid (Markdown docs) and as Graphviz DOT. */
public final class GraphRenderer {
    private GraphRenderer() {}

    public enum Format { TEXT, MERMAID, DOT }

    public static String render(StepGraph g, String title, Format format) {
        return switch (format) {
            case TEXT -> text(g);
            case MERMAID -> mermaid(g);
            case DOT -> dot(g, title);
        };
    }

    /** Stages per phase: steps in one stage may run at the same time; each waits only for earlier stages. */
    static String text(StepGraph g) {
        StringBuilder sb = new StringBuilder();
        for (Phase phase : g.phases()) {
            sb.append(phase.id()).append(phase == Phase.ROLLBACK ? " (only after a failure)" : "").append('\n');
            List<List<Step>> groups = g.parallelGroups(phase);
            for (int i = 0; i < groups.size(); i++) {
                List<Step> group = groups.get(i);
                for (int j = 0; j < group.size(); j++) {
                    Step s = group.get(j);
                    String marker = groups.size() == 1 && group.size() == 1 ? "  ─ " : j == 0 ? String.format(Locale.ROOT, "%3d ", i + 1) : "  ‖ ";
                    sb.append(marker).append(s.id());
                    List<String> deps = new ArrayList<>(g.dependencies(s.id()));
                    if (!deps.isEmpty()) sb.append("  ← ").append(String.join(", ", deps));
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    static String mermaid(StepGraph g) {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        for (Phase phase : g.phases()) {
            sb.append("  subgraph ").append(phase.id()).append('\n');
            for (Step s : g.steps(phase)) {
                sb.append("    ").append(mid(s.id())).append("[\"").append(s.id()).append("<br/><small>")
                        .append(s.uses() == null ? "?" : s.uses()).append("</small>\"]\n");
            }
            sb.append("  end\n");
        }
        for (Phase phase : g.phases()) {
            for (Step s : g.steps(phase)) {
                for (String d : g.dependencies(s.id())) sb.append("  ").append(mid(d)).append(" --> ").append(mid(s.id())).append('\n');
            }
        }
        Phase prev = null;
        for (Phase phase : g.phases()) {
            if (prev != null) {
                sb.append("  ").append(prev.id()).append(phase == Phase.ROLLBACK ? " -. on failure .-> " : " ==> ").append(phase.id()).append('\n');
            }
            if (phase != Phase.ROLLBACK) prev = phase;
        }
        return sb.toString();
    }

    static String dot(StepGraph g, String title) {
        StringBuilder sb = new StringBuilder("digraph ").append(quote(title)).append(" {\n  rankdir=TB;\n  node [shape=box];\n");
        for (Phase phase : g.phases()) {
            sb.append("  subgraph ").append(quote("cluster_" + phase.id())).append(" {\n    label=").append(quote(phase.id())).append(";\n");
            for (Step s : g.steps(phase)) {
                sb.append("    ").append(quote(s.id())).append(" [label=").append(quote(s.id() + "\\n" + (s.uses() == null ? "?" : s.uses()))).append("];\n");
            }
            sb.append("  }\n");
        }
        for (Phase phase : g.phases()) {
            for (Step s : g.steps(phase)) {
                for (String d : g.dependencies(s.id())) sb.append("  ").append(quote(d)).append(" -> ").append(quote(s.id())).append(";\n");
            }
        }
        Phase prev = null;
        for (Phase phase : g.phases()) {
            if (prev != null) {
                List<Step> from = sinks(g, prev);
                List<Step> to = sources(g, phase);
                for (Step a : from) {
                    for (Step b : to) {
                        sb.append("  ").append(quote(a.id())).append(" -> ").append(quote(b.id()))
                                .append(phase == Phase.ROLLBACK ? " [style=dotted, label=\"on failure\"];\n" : " [style=bold];\n");
                    }
                }
            }
            if (phase != Phase.ROLLBACK) prev = phase;
        }
        return sb.append("}\n").toString();
    }

    private static List<Step> sources(StepGraph g, Phase p) {
        return g.steps(p).stream().filter(s -> g.dependencies(s.id()).isEmpty()).toList();
    }

    private static List<Step> sinks(StepGraph g, Phase p) {
        return g.steps(p).stream().filter(s -> g.steps(p).stream().noneMatch(o -> g.dependencies(o.id()).contains(s.id()))).toList();
    }

    private static String mid(String id) {
        return "s_" + id.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
