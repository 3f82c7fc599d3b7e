package dev.runbook.engine.gate;

import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import dev.runbook.parse.AnswersBinding;
import dev.runbook.parse.Binder;
import dev.runbook.parse.YamlFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scripted operator answers ({@code --answers FILE}) for rehearsals, tests and CI:
 * <pre>
 * gates:    { restart: yes, drop-db: orders-prod }   # yes | no | abort; destructive: the target's name
 * failures: { healthy: rollback }                    # retry | skip | abort | rollback
 * inDoubt:  { restart: rerun }                       # rerun | done | abort | attach (wait for an accepted operation)
 * confirm:  { page-l2: true }                        # manual checklist: true/yes (every item), false/no, or a list of items
 * ask:      { page-l2: "bridge opened" }             # manual question
 * interrupt: rollback                                # after Ctrl-C: rollback | stop
 * </pre>
 */
public record Answers(Map<String, String> gates, Map<String, String> failures, Map<String, String> inDoubt,
                      Map<String, Object> confirm, Map<String, String> ask, String interrupt) {
    public static final Answers NONE = new Answers(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null);

    public Answers {
        gates = Map.copyOf(gates);
        failures = Map.copyOf(failures);
        inDoubt = Map.copyOf(inDoubt);
        confirm = Map.copyOf(confirm);
        ask = Map.copyOf(ask);
    }

    /** Bad answers file: the message says which key and what is allowed. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Reads an answers file with the runbook's reading rules (an alias or a duplicate key must not silently change an
     * approval) and the binder scenarios use ({@link AnswersBinding}); every problem is reported with its position.
     */
    public static Answers load(Path file) throws Invalid {
        Optional<Node> root;
        try {
            root = YamlFile.read(file, "an answers file");
        } catch (YamlFile.Invalid e) {
            throw new Invalid("answers file " + e.getMessage());
        }
        if (root.isEmpty() || root.get() instanceof Node.Scalar s && s.value() == null) return NONE;
        if (!(root.get() instanceof Node.Mapping m)) {
            throw new Invalid("answers file " + root.get().pos() + ": expected a mapping with gates:, failures:, inDoubt:, confirm:, ask:, interrupt:");
        }
        if (m.entries().keySet().stream().anyMatch(k -> !k.matches("[A-Za-z][A-Za-z0-9_-]{0,63}"))) {
            // not an answers file (--answers /etc/shadow): refused without quoting it
            throw new Invalid("answers file " + file + ": this does not look like an answers file (a key is not a word like gates:, failures:,"
                    + " inDoubt:); its content is not shown");
        }
        Binder b = new Binder();
        AnswersBinding a = AnswersBinding.bind(b, m, "", true);
        List<Diagnostic> errors = b.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            StringBuilder msg = new StringBuilder("answers file ");
            for (int i = 0; i < errors.size(); i++) {
                Diagnostic d = errors.get(i);
                if (i > 0) msg.append('\n');
                msg.append(d.file()).append(':').append(d.line()).append(':').append(d.col()).append(": ").append(d.message())
                        .append(d.hint() == null ? "" : " (" + d.hint() + ")");
            }
            throw new Invalid(msg.toString());
        }
        return new Answers(a.gates(), a.failures(), a.inDoubt(), a.confirm(), a.ask(), a.interrupt());
    }

    public Optional<String> gate(String step) {
        return Optional.ofNullable(gates.get(step));
    }

    public Optional<FailureChoice> failure(String step) {
        return Optional.ofNullable(failures.get(step)).flatMap(FailureChoice::parse);
    }

    public Optional<InDoubtChoice> inDoubt(String step) {
        return Optional.ofNullable(inDoubt.get(step)).flatMap(InDoubtChoice::parse);
    }

    /** Whether the script confirms {@code item} of {@code step}'s checklist; empty when it does not say. */
    public Optional<Boolean> confirms(String step, String item) {
        Object v = confirm.get(step);
        if (v instanceof Boolean b) return Optional.of(b);
        if (v instanceof List<?> l) return Optional.of(l.contains(item));
        return Optional.empty();
    }

    public Optional<String> answer(String step) {
        return Optional.ofNullable(ask.get(step));
    }
}
