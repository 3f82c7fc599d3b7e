package dev.runbook.action.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsProviderTest {
    private final List<ActionSpec> specs = new AwsProvider().specs();

    @Test
    void declares_every_action_of_the_issue_with_its_effect() {
        assertThat(specs).extracting(ActionSpec::name, ActionSpec::effect).containsExactly(
                tuple("aws.sts.whoami", Effect.READ),
                tuple("aws.ecs.describe-service", Effect.READ),
                tuple("aws.ecs.update-service", Effect.WRITE),
                tuple("aws.ecs.wait-stable", Effect.READ),
                tuple("aws.appautoscaling.register-target", Effect.WRITE),
                tuple("aws.rds.describe-cluster", Effect.READ),
                tuple("aws.rds.create-cluster-snapshot", Effect.WRITE),
                tuple("aws.rds.restore-cluster-to-point-in-time", Effect.WRITE),
                tuple("aws.dynamodb.describe-continuous-backups", Effect.READ),
                tuple("aws.dynamodb.create-backup", Effect.WRITE),
                tuple("aws.dynamodb.restore-table-to-point-in-time", Effect.WRITE),
                tuple("aws.secretsmanager.describe-secret", Effect.READ),
                tuple("aws.secretsmanager.rotate-secret", Effect.WRITE),
                tuple("aws.cloudwatch.alarm-state", Effect.READ),
                tuple("aws.cloudwatch.metric", Effect.READ),
                tuple("aws.logs.insights-query", Effect.READ),
                tuple("aws.route53.upsert-record", Effect.DESTRUCTIVE));
    }

    @Test
    void every_action_takes_optional_region_and_profile_last() {
        for (ActionSpec s : specs) {
            List<ParamSpec> p = s.parameters();
            assertThat(p.get(p.size() - 2).name()).as(s.name()).isEqualTo("region");
            assertThat(p.get(p.size() - 1).name()).as(s.name()).isEqualTo("profile");
            assertThat(p.subList(p.size() - 2, p.size())).noneMatch(ParamSpec::required);
            assertThat(s.provider()).isEqualTo("aws");
            assertThat(s.description()).isNotBlank();
            assertThat(s.outputs()).as(s.name()).isNotEmpty();
        }
    }

    @Test
    void write_actions_declare_before_state_and_destructive_ones_a_target() {
        for (ActionSpec s : specs) {
            if (s.effect().mutates()) assertThat(s.before()).as(s.name()).isNotEmpty();
            if (s.effect() == Effect.DESTRUCTIVE) {
                assertThat(s.targetParam()).isNotNull();
                assertThat(s.parameter(s.targetParam())).as(s.name()).isPresent();
            }
        }
        assertThat(specs).filteredOn(s -> s.name().equals("aws.route53.upsert-record")).singleElement()
                .extracting(ActionSpec::targetParam).isEqualTo("name");
        assertThat(new Catalogue(List.of(new AwsProvider())).spec("aws.ecs.update-service").orElseThrow().before())
                .extracting(o -> o.name()).contains("desiredCount");
    }

    @Test
    void is_found_by_the_standard_catalogue() {
        assertThat(Catalogue.standard().providers()).containsKey("aws");
        assertThat(new AwsProvider().factoryClass()).isEqualTo("dev.runbook.action.aws.sdk.AwsActionFactory");
    }
}
