package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.iso;
import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/** aws.secretsmanager.*: describe-secret, rotate-secret. Never reads a secret's value. */
final class SecretsManagerActions {
    private SecretsManagerActions() {}

    static DescribeSecretResponse describe(AwsCall c) throws ActionException {
        String id = c.args.string("secret");
        SecretsManagerClient sm = c.client("secretsmanager", SecretsManagerClient::builder);
        return c.aws("secretsmanager:DescribeSecret", "secret '" + id + "'",
                () -> sm.describeSecret(b -> b.secretId(id).overrideConfiguration(c.timeout())));
    }

    static String versionWith(DescribeSecretResponse d, String stage) {
        return d.versionIdsToStages().entrySet().stream().filter(e -> e.getValue().contains(stage))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    static final class Describe extends AwsAction {
        Describe(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            DescribeSecretResponse d = describe(c);
            Map<String, Object> versions = new LinkedHashMap<>();
            d.versionIdsToStages().forEach((v, stages) -> versions.put(v, List.copyOf(stages)));
            return new Result(map("name", d.name(), "arn", d.arn(), "rotationEnabled", Boolean.TRUE.equals(d.rotationEnabled()),
                    "rotationLambdaArn", d.rotationLambdaARN(), "lastRotatedDate", iso(d.lastRotatedDate()),
                    "lastChangedDate", iso(d.lastChangedDate()), "nextRotationDate", iso(d.nextRotationDate()),
                    "currentVersion", versionWith(d, "AWSCURRENT"), "pendingVersion", pending(d), "versions", versions),
                    d.name() + ": rotation " + (Boolean.TRUE.equals(d.rotationEnabled()) ? "on" : "off")
                            + ", last rotated " + (d.lastRotatedDate() == null ? "never" : d.lastRotatedDate()));
        }
    }

    /** A version labelled AWSPENDING that is not also AWSCURRENT: a rotation that has not finished. */
    static String pending(DescribeSecretResponse d) {
        return d.versionIdsToStages().entrySet().stream()
                .filter(e -> e.getValue().contains("AWSPENDING") && !e.getValue().contains("AWSCURRENT"))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    static final class Rotate extends AwsAction {
        static final String ROTATION = "aws.secretsmanager.rotation";

        Rotate(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            DescribeSecretResponse d = describe(c);
            if (d.rotationLambdaARN() == null && (d.owningService() == null || d.owningService().isBlank())) {
                throw ActionException.permanent("secret '" + d.name() + "' has no rotation function configured",
                        "configure rotation first (aws secretsmanager rotate-secret --rotation-lambda-arn ...)");
            }
            List<String> details = new ArrayList<>();
            details.add("rotation function " + d.rotationLambdaARN());
            String pending = pending(d);
            if (pending != null) {
                details.add("version " + pending + " is still AWSPENDING: a previous rotation did not finish; "
                        + "Secrets Manager retries it, check the rotation function's logs if it fails again");
            }
            String current = versionWith(d, "AWSCURRENT");
            return new Plan("rotate secret " + d.name() + " now (current version " + current + ")",
                    map("currentVersion", current, "lastRotatedDate", iso(d.lastRotatedDate()),
                            "rotationEnabled", Boolean.TRUE.equals(d.rotationEnabled())),
                    map("currentVersion", "(new version)"), null,
                    map("newVersion", "(new version)", "currentVersion", "(new version)", "previousVersion", current,
                            "lastRotatedDate", iso(c.now())),
                    details);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            String id = c.args.string("secret");
            SecretsManagerClient sm = c.client("secretsmanager", SecretsManagerClient::builder);
            String version = c.aws("secretsmanager:RotateSecret", "secret '" + id + "'",
                    () -> sm.rotateSecret(b -> b.secretId(id).rotateImmediately(true).overrideConfiguration(c.timeout()))).versionId();
            // accepted: the rotation function runs in AWS whatever happens to runbook
            Operation op = new Operation(ROTATION, id + "#" + version, "rotation of secret " + id + " to version " + version);
            c.ctx.operationAccepted(op);
            Duration every = c.pollInterval(Duration.ofSeconds(10));
            return awaitAccepted(op, () -> waitCurrent(c, version, every));
        }

        private static Result waitCurrent(AwsCall c, String version, Duration every) throws ActionException {
            int polls = 0;
            while (true) {
                DescribeSecretResponse d = describe(c);
                polls++;
                List<String> stages = d.versionIdsToStages().getOrDefault(version, List.of());
                if (stages.contains("AWSCURRENT")) {
                    return new Result(map("newVersion", version, "currentVersion", version,
                            "previousVersion", versionWith(d, "AWSPREVIOUS"), "lastRotatedDate", iso(d.lastRotatedDate())),
                            "rotated " + d.name() + ": version " + version + " is AWSCURRENT");
                }
                String state = "version " + version + " is " + (stages.isEmpty() ? "not listed yet" : String.join(",", stages));
                c.ctx.progress("rotating " + d.name() + ": " + state + " (poll " + polls + ")");
                c.pause(every, "secret '" + d.name() + "' not rotated after " + polls + " polls: " + state
                        + "; check the rotation function's logs (" + d.rotationLambdaARN() + ")");
            }
        }

        @Override
        Map<String, Object> opArgs(Operation op) {
            return Map.of("secret", secretOf(op));
        }

        @Override
        Operation.State check(AwsCall c, Operation op) throws ActionException {
            String version = op.id().substring(op.id().lastIndexOf('#') + 1);
            DescribeSecretResponse d = describe(c);
            List<String> stages = d.versionIdsToStages() == null ? null : d.versionIdsToStages().get(version);
            if (stages == null) return new Operation.State(Operation.Status.FAILED, "version " + version + " of " + d.name() + " no longer exists");
            if (stages.contains("AWSCURRENT")) return new Operation.State(Operation.Status.SUCCEEDED, "version " + version + " is AWSCURRENT");
            if (stages.contains("AWSPENDING")) {
                return new Operation.State(Operation.Status.RUNNING, "version " + version + " is AWSPENDING: the rotation function is still"
                        + " working on it, or failed (its logs say which: " + d.rotationLambdaARN() + ")");
            }
            return new Operation.State(Operation.Status.FAILED, "version " + version + " is " + (stages.isEmpty() ? "unlabelled" : String.join(",", stages)));
        }

        @Override
        Result attach(AwsCall c, Operation op) throws ActionException {
            return waitCurrent(c, op.id().substring(op.id().lastIndexOf('#') + 1), c.pollInterval(Duration.ofSeconds(10)));
        }

        private static String secretOf(Operation op) {
            int hash = op.id().lastIndexOf('#');
            return hash < 0 ? op.id() : op.id().substring(0, hash);
        }
    }
}
