package dev.runbook.engine;

import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ordering straight from the model: {@code needs} absent means the previous step of the same phase,
 * {@code needs: []} means independent; needs on an earlier phase are met because phases run in order.
 */
public final class ModelStepOrder implements StepOrder {
    private final Runbook runbook;

    public ModelStepOrder(Runbook runbook) {
        this.runbook = runbook;
    }

    @Override
    public List<Step> steps(Phase phase) {
        return runbook.steps(phase);
    }

    @Override
    public Set<String> waitsFor(Step step) {
        List<Step> same = runbook.steps(step.phase());
        Set<String> ids = new LinkedHashSet<>();
        if (step.needs() == null) {
            int i = same.indexOf(step);
            if (i > 0) ids.add(same.get(i - 1).id());
            return ids;
        }
        for (String n : step.needs()) {
            if (same.stream().anyMatch(s -> s.id().equals(n))) ids.add(n);
        }
        return ids;
    }
}
