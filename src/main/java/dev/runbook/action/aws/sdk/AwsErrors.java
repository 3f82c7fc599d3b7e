package dev.runbook.action.aws.sdk;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into the operator-facing ActionException kinds. */
final class AwsErrors {
    private static final Pattern PERMISSION = Pattern.compile("perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)");

    private AwsErrors() {}

    /**
     * @param permission the IAM action of the call, e.g. {@code ecs:UpdateService}
     * @param resource   what the call was about, for "not found" messages: "ECS service 'api' in cluster 'prod'"
     * @param where      "in eu-west-1" or similar, for hints
     */
    static ActionException map(SdkException e, String permission, String resource, String where) {
        if (e instanceof AwsServiceException s) return service(s, permission, resource, where);
        if (e instanceof ApiCallTimeoutException) {
            return new ActionException(Kind.TIMEOUT, permission + " did not answer before the step's timeout", null, e);
        }
        if (e instanceof ApiCallAttemptTimeoutException) {
            return new ActionException(Kind.TRANSIENT, permission + " timed out: " + e.getMessage(), null, e);
        }
        if (e instanceof AbortedException) {
            return new ActionException(Kind.CANCELLED, permission + " was interrupted", null, e);
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unable to load region")) {
            return new ActionException(Kind.PERMANENT, "no AWS region is configured",
                    "pass --aws-region, set AWS_REGION, give the step 'region:', or set region in the profile", e)
                    .reaching(ActionException.Reach.SIGN_IN);
        }
        if (m.contains("SSO session") && (m.contains("expired") || m.contains("invalid"))) {
            return new ActionException(Kind.PERMANENT, "the AWS SSO sign-in has expired (" + permission + ")",
                    "sign in again with 'aws sso login --profile <profile>' (the profile of --aws-profile or AWS_PROFILE), then run again", e)
                    .reaching(ActionException.Reach.SIGN_IN);
        }
        if (m.contains("Unable to load credentials") || m.contains("Profile file contained no credentials")
                || m.contains("does not exist in") || m.contains("Unable to find profile")) {
            return new ActionException(Kind.PERMANENT, "no AWS credentials for " + permission + ": " + firstLine(m),
                    "set AWS_PROFILE or --aws-profile, export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or log in (aws sso login)", e)
                    .reaching(ActionException.Reach.SIGN_IN);
        }
        if (e instanceof SdkClientException && causedByIo(e)) {
            return new ActionException(Kind.TRANSIENT, "cannot reach AWS for " + permission + ": " + firstLine(m), null, e)
                    .reaching(ActionException.Reach.CONNECTION);
        }
        return new ActionException(Kind.PERMANENT, permission + " failed: " + firstLine(m), null, e);
    }

    private static ActionException service(AwsServiceException e, String permission, String resource, String where) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        String c = code == null ? "" : code;
        String detail = message == null || message.isBlank() ? c : message + " (" + c + ")";
        int status = e.statusCode();
        if (e.isThrottlingException() || status == 429 || c.contains("Throttl") || c.equals("TooManyRequestsException")
                || c.equals("RequestLimitExceeded") || c.equals("PriorRequestNotComplete")) {
            return new ActionException(Kind.TRANSIENT, "AWS throttled " + permission + " " + where + ": " + detail, null, e);
        }
        if (isNotFound(c, status)) {
            return new ActionException(Kind.PERMANENT, resource + " not found " + where + ": " + detail,
                    "check the name and the region/account (aws.sts.whoami shows the account)", e);
        }
        if (isAccessDenied(c, status)) {
            String needed = missingPermission(message).orElse(permission);
            return new ActionException(Kind.PERMANENT, "access denied: the caller lacks " + needed + " " + where + ": " + detail,
                    "grant " + needed + " to the role or user in use, or run with a profile that has it", e);
        }
        if (c.equals("ExpiredToken") || c.equals("ExpiredTokenException") || c.equals("UnrecognizedClientException")
                || c.equals("InvalidClientTokenId") || c.equals("SignatureDoesNotMatch")) {
            return new ActionException(Kind.PERMANENT, "AWS rejected the credentials for " + permission + ": " + detail,
                    "refresh the credentials (aws sso login, or new keys) and run again", e).reaching(ActionException.Reach.SIGN_IN);
        }
        if (status >= 500 || c.equals("ServiceUnavailable") || c.equals("InternalFailure") || c.equals("InternalError")) {
            return new ActionException(Kind.TRANSIENT, "AWS error on " + permission + " " + where + ": " + detail, null, e);
        }
        return new ActionException(Kind.PERMANENT, permission + " failed " + where + ": " + detail, null, e);
    }

    static boolean isNotFound(AwsServiceException e) {
        String c = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return isNotFound(c == null ? "" : c, e.statusCode());
    }

    private static boolean isNotFound(String c, int status) {
        return c.contains("NotFound") || c.startsWith("NoSuch") || (c.isEmpty() && status == 404);
    }

    private static boolean isAccessDenied(String c, int status) {
        String l = c.toLowerCase(Locale.ROOT);
        return l.contains("accessdenied") || l.equals("unauthorizedoperation") || l.equals("authorizationerror")
                || l.equals("notauthorized") || (c.isEmpty() && status == 403);
    }

    /** AWS names the missing action in the message: "... is not authorized to perform: ecs:UpdateService on ...". */
    static Optional<String> missingPermission(String message) {
        if (message == null) return Optional.empty();
        Matcher m = PERMISSION.matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) return true;
        }
        return false;
    }

    private static String firstLine(String m) {
        return dev.runbook.text.Display.headline(m);
    }
}
