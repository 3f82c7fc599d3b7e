package dev.runbook.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a phase. Optional fields are null when the author left them out
 * ({@code needs == null} means "the previous step of the same phase").
 * {@code fieldPositions} maps each written field name to where its value starts.
 */
public record Step(
        String id,
        String title,
        Phase phase,
        String uses,
        Node.Mapping with,
        String ifExpr,
        List<String> needs,
        Duration timeout,
        Retry retry,
        OnFailure onFailure,
        String confirm,
        Effect effect,
        UndoStep undo,
        Map<String, String> outputs,
        SourcePosition pos,
        Map<String, SourcePosition> fieldPositions) {

    public Step {
        needs = needs == null ? null : List.copyOf(needs);
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        fieldPositions = fieldPositions == null ? Map.of() : Map.copyOf(fieldPositions);
    }

    public String displayTitle() {
        return title != null ? title : id;
    }

    public OnFailure onFailureOrDefault() {
        return onFailure != null ? onFailure : OnFailure.ABORT;
    }

    public Retry retryOrNone() {
        return retry != null ? retry : Retry.NONE;
    }

    /** Position of a field's value, falling back to the step itself. */
    public SourcePosition at(String field) {
        return fieldPositions.getOrDefault(field, pos);
    }
}
