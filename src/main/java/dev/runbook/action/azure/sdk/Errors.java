package dev.runbook.action.azure.sdk;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.identity.CredentialUnavailableException;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Azure SDK failures into typed, operator-readable {@link ActionException}s. */
final class Errors {
    private static final Pattern ARM_ACTION = Pattern.compile("perform action '([^']+)'");
    private static final Pattern VAULT_ACTION = Pattern.compile("Action: '([^']+)'");

    /** Built-in roles that grant an action, by resource provider prefix (most specific first). */
    private static final Map<String, String> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put("microsoft.keyvault/vaults/secrets/readmetadata", "Key Vault Reader");
        ROLES.put("microsoft.keyvault/vaults/secrets", "Key Vault Secrets Officer");
        ROLES.put("microsoft.web/serverfarms", "Website Contributor (or Web Plan Contributor)");
        ROLES.put("microsoft.web", "Website Contributor");
        ROLES.put("microsoft.cache", "Redis Cache Contributor");
        ROLES.put("microsoft.dbforpostgresql", "Contributor on the resource group");
        ROLES.put("microsoft.servicebus", "Azure Service Bus Data Owner or Reader");
        ROLES.put("microsoft.insights", "Monitoring Reader");
        ROLES.put("microsoft.operationalinsights", "Log Analytics Reader");
        ROLES.put("microsoft.resources", "Reader");
    }

    private Errors() {}

    /**
     * @param action   the runbook action name, e.g. azure.webapp.restart
     * @param resource what was addressed, e.g. "web app 'app' in resource group 'rg'"
     */
    static ActionException map(Throwable t, String action, String resource) {
        if (t instanceof ActionException a) return a;
        if (t instanceof CredentialUnavailableException || t instanceof ClientAuthenticationException) {
            return new ActionException(Kind.PERMANENT, action + ": no usable Azure credential (" + firstLine(t.getMessage()) + ")",
                    "sign in with 'az login', or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or run with a managed identity", t)
                    .reaching(ActionException.Reach.SIGN_IN);
        }
        if (t instanceof HttpResponseException h && h.getResponse() != null) {
            return fromResponse(h, action, resource);
        }
        Throwable io = rootIo(t);
        if (io != null) {
            return new ActionException(Kind.TRANSIENT, action + ": cannot reach Azure for " + resource + " ("
                    + io.getClass().getSimpleName() + ": " + firstLine(io.getMessage()) + ")",
                    "check the network and the endpoint; the step is retried if it has retry:", t).reaching(ActionException.Reach.CONNECTION);
        }
        return new ActionException(Kind.PERMANENT, action + " failed for " + resource + ": " + firstLine(String.valueOf(t.getMessage())), null, t);
    }

    private static ActionException fromResponse(HttpResponseException h, String action, String resource) {
        int status = h.getResponse().getStatusCode();
        String code = null;
        String message = null;
        if (h instanceof ManagementException m && m.getValue() != null) {
            ManagementError e = m.getValue();
            code = e.getCode();
            message = e.getMessage();
        }
        if (message == null) {
            // data-plane clients (Key Vault) put the raw JSON error into the message: read code and message out of it
            String raw = h.getMessage();
            Object value = h.getValue();
            String body = value instanceof String v ? v : raw;
            code = jsonField(body, "code");
            message = jsonField(body, "message");
            if (message == null) message = firstLine(raw);
        }
        String detail = (code != null ? code + ": " : "") + message;
        boolean vault = action.startsWith("azure.keyvault.");
        if (status == 404) {
            return new ActionException(Kind.PERMANENT, action + ": not found: " + resource + " (" + detail + ")",
                    vault ? "check the secret and vault names; a vault is addressed by its name, so resource group and subscription do not apply"
                          : "check the name, the resource group and that the subscription in use holds it (--azure-subscription)", h);
        }
        if (status == 401) {
            return new ActionException(Kind.PERMANENT, action + ": Azure refused the credential for " + resource + " (" + detail + ")",
                    "sign in again ('az login'), or check the tenant of the credential", h).reaching(ActionException.Reach.SIGN_IN);
        }
        if (status == 403) {
            String denied = match(ARM_ACTION, message);
            if (denied == null) denied = match(VAULT_ACTION, message);
            String text = action + ": authorization failed on " + resource
                    + (denied != null ? ": the credential may not perform " + denied : "") + " (" + detail + ")";
            String hint = denied != null
                    ? "ask for a role that grants " + denied + roleFor(denied) + " on the resource or its resource group"
                    : "ask for a role that allows " + action + " on the resource";
            return new ActionException(Kind.PERMANENT, text, hint, h);
        }
        String retryAfter = h.getResponse().getHeaders().getValue(HttpHeaderName.RETRY_AFTER);
        if (status == 429 || status >= 500 || (status == 409 && busy(code, message))) {
            String why = status == 429 ? "throttled by Azure" : status == 409 ? "another operation is in progress" : "Azure answered " + status;
            return new ActionException(Kind.TRANSIENT, action + ": " + why + " for " + resource + " (" + detail + ")",
                    retryAfter != null ? "Azure asks to retry after " + retryAfter + " s" : "retry later", h);
        }
        return new ActionException(Kind.PERMANENT, action + " failed for " + resource + ": HTTP " + status + " " + detail, null, h);
    }

    /**
     * A 409 that says "try again": ARM's *InProgress codes, App Service's "another operation is in progress",
     * Redis's "is busy processing a previous update request ... try again later". Other conflicts (a name taken,
     * a state that forbids the change) stay permanent.
     */
    static boolean busy(String code, String message) {
        if (code != null && code.contains("InProgress")) return true;
        if (message == null) return false;
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("operation is in progress") || m.contains("operation in progress") || m.contains("is busy")
                || m.contains("try again later") || m.contains("retry later") || m.contains("currently unable to accept");
    }

    /** A string field of the first JSON "error" object in {@code body}, or null. */
    static String jsonField(String body, String field) {
        if (body == null) return null;
        int at = body.indexOf("\"error\"");
        if (at < 0) return null;
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
        return m.find(at) ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    private static String roleFor(String denied) {
        String d = denied.toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, String> e : ROLES.entrySet()) {
            if (d.startsWith(e.getKey())) return " (e.g. " + e.getValue() + ")";
        }
        return "";
    }

    private static String match(Pattern p, String text) {
        if (text == null) return null;
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static Throwable rootIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException || c instanceof HttpTimeoutException) {
                return c instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : c;
            }
            if (c.getCause() == c) break;
        }
        return null;
    }

    static String firstLine(String s) {
        String line = dev.runbook.text.Display.headline(s);
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }
}
