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
            case "aws.appautoscaling.register-target" -> AppAutoScalingActions.RegisterTarget::new;
            case "aws.rds.describe-cluster" -> RdsActions.Describe::new;
            case "aws.rds.create-cluster-snapshot" -> RdsActions.CreateSnapshot::new;
            case "aws.rds.restore-cluster-to-point-in-time" -> RdsActions.RestoreToPointInTime::new;
            case "aws.dynamodb.describe-continuous-backups" -> DynamoDbActions.DescribeContinuousBackups::new;
            case "aws.dynamodb.create-backup" -> DynamoDbActions.CreateBackup::new;
            case "aws.dynamodb.restore-table-to-point-in-time" -> DynamoDbActions.RestoreToPointInTime::new;
            case "aws.secretsmanager.describe-secret" -> SecretsManagerActions.Describe::new;
            case "aws.secretsmanager.rotate-secret" -> SecretsManagerActions.Rotate::new;
            case "aws.cloudwatch.alarm-state" -> CloudWatchActions.AlarmState::new;
            case "aws.cloudwatch.metric" -> CloudWatchActions.Metric::new;
            case "aws.logs.insights-query" -> LogsActions.InsightsQuery::new;
            case "aws.route53.upsert-record" -> Route53Actions.UpsertRecord::new;
            default -> throw new IllegalArgumentException("the aws provider has no action " + spec.name());
        };
        return make.apply(spec, clients);
    }
}
