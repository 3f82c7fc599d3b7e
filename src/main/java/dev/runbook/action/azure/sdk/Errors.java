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
                    "sign in with 'az login', or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or run with a managed identity", t);
        }
        if (t instanceof HttpResponseException h && h.getResponse() != null) {
            return fromResponse(h, action, resource);
        }
        Throwable io = rootIo(t);
        if (io != null) {
            return new ActionException(Kind.TRANSIENT, action + ": cannot reach Azure for " + resource + " ("
                    + io.getClass().getSimpleName() + ": " + firstLine(io.getMessage()) + ")",
                    "check the network and the endpoint; the step is retried if it has retry:", t);
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
        if (message == null) message = firstLine(h.getMessage());
        String detail = (code != null ? code + ": " : "") + message;
        if (status == 404) {
            return new ActionException(Kind.PERMANENT, action + ": not found: " + resource + " (" + detail + ")",
                    "check the name, the resource group and that the subscription in use holds it (--azure-subscription)", h);
        }
        if (status == 401) {
            return new ActionException(Kind.PERMANENT, action + ": Azure refused the credential for " + resource + " (" + detail + ")",
                    "sign in again ('az login'), or check the tenant of the credential", h);
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
        if (status == 429 || status >= 500 || (status == 409 && code != null && code.contains("InProgress"))) {
            String why = status == 429 ? "throttled by Azure" : status == 409 ? "another operation is in progress" : "Azure answered " + status;
            return new ActionException(Kind.TRANSIENT, action + ": " + why + " for " + resource + " (" + detail + ")",
                    retryAfter != null ? "Azure asks to retry after " + retryAfter + " s" : "retry later", h);
        }
        return new ActionException(Kind.PERMANENT, action + " failed for " + resource + ": HTTP " + status + " " + detail, null, h);
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
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }
}
