package dev.runbook.action.aws.sdk;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;

/** One plan/execute invocation: its context, arguments, resolved region/profile, and the guarded SDK call. */
final class AwsCall {
    final ActionContext ctx;
    final Args args;
    private final AwsClients clients;
    private final String region;
    private final String profile;
    private final String endpoint;
    /** The region the SDK resolved when none was given (AWS_REGION, the profile), once a client exists. */
    private String resolved;

    AwsCall(ActionContext ctx, Args args, AwsClients clients) {
        this.ctx = ctx;
        this.args = args;
        this.clients = clients;
        this.region = args.optString("region").filter(s -> !s.isBlank())
                .or(() -> ctx.setting("aws.region").filter(s -> !s.isBlank())).orElse(null);
        this.profile = args.optString("profile").filter(s -> !s.isBlank())
                .or(() -> ctx.setting("aws.profile").filter(s -> !s.isBlank())).orElse(null);
        this.endpoint = ctx.setting("aws.endpoint").filter(s -> !s.isBlank()).orElse(null);
    }

    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
            String service, Supplier<B> builder) throws ActionException {
        return client(service, builder, region);
    }

    /** For global services (Route 53) that ignore the step's region. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
            String service, Supplier<B> builder, String regionOverride) throws ActionException {
        try {
            C c = clients.client(service, builder, regionOverride, profile, endpoint);
            if (regionOverride == null && resolved == null) resolved = regionOf(c);
            return c;
        } catch (SdkException e) {
            throw AwsErrors.map(e, service, service + " client", where());
        } catch (IllegalArgumentException e) {
            throw ActionException.permanent("cannot set up the " + service + " client: " + e.getMessage(),
                    "check --aws-region / the step's region: and aws.endpoint");
        }
    }

    /** Runs one SDK call, mapping its failures; {@code permission} is the IAM action ("ecs:UpdateService"). */
    <T> T aws(String permission, String resource, Supplier<T> call) throws ActionException {
        ctx.cancellation().check();
        remaining();
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsErrors.map(e, permission, resource, where());
        }
    }

    /** Like {@link #aws}, but a "not found" answer is an empty result rather than a failure. */
    <T> Optional<T> awsIfExists(String permission, String resource, Supplier<T> call) throws ActionException {
        ctx.cancellation().check();
        remaining();
        try {
            return Optional.ofNullable(call.get());
        } catch (AwsServiceException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw AwsErrors.map(e, permission, resource, where());
        } catch (SdkException e) {
            throw AwsErrors.map(e, permission, resource, where());
        }
    }

    /** Per-request override: the SDK gives up when the step's deadline passes. */
    Consumer<AwsRequestOverrideConfiguration.Builder> timeout() {
        return o -> {
            Duration left = Duration.between(Instant.now(), ctx.deadline());
            o.apiCallTimeout(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left);
        };
    }

    private Duration remaining() throws ActionException {
        Duration left = Duration.between(Instant.now(), ctx.deadline());
        if (left.isNegative() || left.isZero()) {
            throw ActionException.timeout("the step's timeout (" + dev.runbook.model.Durations.format(ctx.timeout()) + ") ran out");
        }
        return left;
    }

    /** Waits between polls: honours cancellation and the deadline (ctx.sleep throws rather than oversleep). */
    void pause(Duration d) throws ActionException {
        ctx.cancellation().check();
        ctx.sleep(d);
        ctx.cancellation().check();
    }

    /** {@link #pause}, but a deadline hit says what was still being waited for. */
    void pause(Duration d, String stateIfTimedOut) throws ActionException {
        try {
            pause(d);
        } catch (ActionException e) {
            if (e.kind() != ActionException.Kind.TIMEOUT) throw e;
            throw ActionException.timeout(stateIfTimedOut);
        }
    }

    Duration pollInterval(Duration dflt) throws ActionException {
        Duration d = args.optDuration("pollInterval").orElse(dflt);
        if (d.isNegative()) throw ActionException.permanent("argument 'pollInterval' must not be negative");
        return d;
    }

    Instant now() {
        return clients.clock().instant();
    }

    String region() {
        return region;
    }

    /** The region calls go to: the step's or setting's, else the one the SDK resolved (once a client exists), else null. */
    String regionInUse() {
        return region != null ? region : resolved;
    }

    /**
     * Where the credentials come from, as an operator names it: the profile given (--aws-profile, the step's), else
     * AWS_PROFILE, else "environment" when keys are in the environment (the SDK's chain prefers them), else "default".
     */
    String profileInUse() {
        if (profile != null) return profile;
        java.util.Map<String, String> env = ctx.environment();
        String p = env.get("AWS_PROFILE");
        if (p != null && !p.isBlank()) return p.strip();
        String key = env.get("AWS_ACCESS_KEY_ID");
        return key != null && !key.isBlank() ? "environment" : "default";
    }

    /**
     * "in eu-west-1": the region named by the step or setting, else the one the SDK took from AWS_REGION or the
     * profile (read back from the client), so that an error never says "(default region)" when a region was in use.
     */
    String where() {
        if (region != null) return "in " + region;
        return resolved != null ? "in " + resolved + " (from AWS_REGION or the profile)" : "(no region set)";
    }

    private static String regionOf(SdkClient c) {
        try {
            return c.serviceClientConfiguration() instanceof AwsServiceClientConfiguration a && a.region() != null
                    ? a.region().id() : null;
        } catch (RuntimeException e) {
            return null; // a client without a readable configuration keeps the generic wording
        }
    }
}
