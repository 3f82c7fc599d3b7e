package dev.runbook.rehearse;

import dev.runbook.action.sim.SimSetup;
import dev.runbook.model.SourcePosition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rehearsal scenario ({@code runbooks/scenarios/<runbook>/<id>.yaml}): the parameters to run with,
 * the simulated world, the expected path, and the scripted operator used when nobody is at the terminal.
 * {@code refs} lists every name the scenario uses that the runbook must define, with where it was written.
 */
public record Scenario(String id, String runbook, String description, Map<String, Object> parameters, SimSetup sim,
                       Expectation expect, ScriptedAnswers answers, String file, SourcePosition pos, List<Ref> refs) {

    public Scenario {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        refs = List.copyOf(refs);
    }

    /** What kind of name a reference is. */
    public enum RefKind { STEP, ACTION, PARAMETER, RESOURCE_KIND, OUTPUT }

    /**
     * A name in the scenario that must exist in its runbook. For OUTPUT, {@code owner} is the step id
     * (or action name) whose outputs it names; {@code where} says in which part of the scenario it was written.
     */
    public record Ref(RefKind kind, String name, String owner, String where, SourcePosition pos) {}
}
