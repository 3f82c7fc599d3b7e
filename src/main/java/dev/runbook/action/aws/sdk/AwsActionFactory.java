package dev.runbook.action.aws.sdk;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFactory;
import dev.runbook.action.ActionSpec;
import java.util.function.BiFunction;

/** Builds the aws.* actions; loaded (with the SDK) only when a runbook uses one. */
public final class AwsActionFactory implements ActionFactory {
    private final AwsClients clients;

    public AwsActionFactory() {
        this(new AwsClients());
    }

    AwsActionFactory(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public Action create(ActionSpec spec) {
        BiFunction<ActionSpec, AwsClients, Action> make = switch (spec.name()) {
            case "aws.sts.whoami" -> StsActions.WhoAmI::new;
            case "aws.ecs.describe-service" -> EcsActions.Describe::new;
            case "aws.ecs.update-service" -> EcsActions.Update::new;
            case "aws.ecs.wait-stable" -> EcsActions.WaitStable::new;
            default -> throw new IllegalArgumentException("the aws provider has no action " + spec.name());
        };
        return make.apply(spec, clients);
    }
}
