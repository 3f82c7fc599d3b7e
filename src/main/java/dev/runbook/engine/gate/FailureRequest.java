package dev.runbook.engine.gate;

import dev.runbook.model.OnFailure;
import dev.runbook.model.Phase;

/** A failed step awaiting the operator's choice; {@code dflt} follows the step's onFailure. */
public record FailureRequest(String step, String title, Phase phase, String error, String hint, OnFailure onFailure,
                             FailureChoice dflt) {}
