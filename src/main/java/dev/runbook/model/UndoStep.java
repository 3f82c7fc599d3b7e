package dev.runbook.model;

import java.time.Duration;
import java.util.Map;

/**
 * The compensating step of a resolve step: a step's shape without {@code id}, {@code needs}, {@code undo},
 * {@code onFailure} and {@code outputs}. Optional fields are null when the author left them out: the timeout is
 * then the action's, the retry the step's, the effect the action's, and the undo always runs.
 * {@code fieldPositions} maps each written field name to where its value starts.
 */
public record UndoStep(
        String uses,
        Node.Mapping with,
        SourcePosition pos,
        String title,
        String ifExpr,
        Duration timeout,
        Retry retry,
        String confirm,
        Effect effect,
        Map<String, SourcePosition> fieldPositions) {

    public UndoStep {
        fieldPositions = fieldPositions == null ? Map.of() : Map.copyOf(fieldPositions);
    }

    /** An undo that names only its action and arguments. */
    public UndoStep(String uses, Node.Mapping with, SourcePosition pos) {
        this(uses, with, pos, null, null, null, null, null, null, Map.of());
    }

    /** Position of a field's value, falling back to the undo block itself. */
    public SourcePosition at(String field) {
        return fieldPositions.getOrDefault(field, pos);
    }
}
