package dev.runbook.engine.gate;

import dev.runbook.journal.GateAnswer;
import dev.runbook.action.ActionException;
import dev.runbook.action.Operator;
import dev.runbook.model.Effect;
import java.util.List;

/**
 * The human side of a run, implemented by the terminal UI (or a script in tests). The engine only calls
 * the asking methods when {@link #interactive()} is true; they are never called concurrently.
 */
public interface Interaction {
    boolean interactive();

    /** For a destructive step, APPROVE only once the operator typed {@link GateRequest#target()}. */
    GateAnswer gate(GateRequest request);

    FailureChoice failure(FailureRequest request);

    InDoubtChoice inDoubt(String step, String title, Effect effect);

    /**
     * For a step in doubt because its provider accepted an operation that may still be going on: {@code operation}
     * says what it is and where it stands now. ATTACH waits for it; RERUN is offered only when {@code rerunSafe}
     * (the provider says it ended without making the change, or nobody can tell and the operator decides).
     */
    default InDoubtChoice inDoubt(String step, String title, Effect effect, String operation, boolean rerunSafe) {
        InDoubtChoice c = inDoubt(step, title, effect);
        return c == InDoubtChoice.RERUN && !rerunSafe ? InDoubtChoice.ABORT : c;
    }

    /** After Ctrl-C: whether to roll back what was changed. */
    boolean offerRollback(String reason, List<String> undoable);

    /** For actions that talk to the operator (manual). */
    Operator operator();

    /** No terminal: nothing can be asked. */
    Interaction NONE = new Interaction() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public GateAnswer gate(GateRequest request) {
            return GateAnswer.ABORT;
        }

        @Override
        public FailureChoice failure(FailureRequest request) {
            return request.dflt();
        }

        @Override
        public InDoubtChoice inDoubt(String step, String title, Effect effect) {
            return InDoubtChoice.ABORT;
        }

        @Override
        public boolean offerRollback(String reason, List<String> undoable) {
            return false;
        }

        @Override
        public Operator operator() {
            return new Operator() {
                @Override
                public void show(String text) {
                    // no terminal: the text reaches the journal as an operator.text event
                }

                @Override
                public boolean confirm(String stepId, String item) throws ActionException {
                    throw noOperator(stepId);
                }

                @Override
                public String ask(String stepId, String question, List<String> choices) throws ActionException {
                    throw noOperator(stepId);
                }
            };
        }
    };

    static ActionException noOperator(String stepId) {
        return ActionException.permanent("step '" + stepId + "' needs an operator and there is no terminal",
                "run it in a terminal, or script the answers with --answers FILE (confirm:/ask: for this step)");
    }
}
