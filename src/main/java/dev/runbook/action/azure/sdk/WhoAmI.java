package dev.runbook.action.azure.sdk;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.resourcemanager.resources.fluent.models.SubscriptionInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** azure.whoami: the subscription as Resource Manager sees it, and the principal named in the access token's claims. */
final class WhoAmI extends AzureAction {
    private static final ObjectMapper JSON = new ObjectMapper();

    WhoAmI(ActionSpec spec, AzureClients clients) {
        super(spec, clients);
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        AzureClients.Arm arm = clients.arm(ctx, args);
        var credential = clients.credential(arm.cloud());
        AccessToken token = call(ctx, "a token for " + arm.cloud().resourceManagerEndpoint(),
                () -> credential.getTokenSync(new TokenRequestContext().addScopes(arm.cloud().armScope())));
        JsonNode claims = claims(token.getToken());
        String what = "subscription " + arm.subscription();
        SubscriptionInner sub = call(ctx, what, () -> clients.resources(arm).subscriptions().getById(arm.subscription()).innerModel());
        boolean app = "app".equals(text(claims, "idtyp")) || (text(claims, "upn") == null && text(claims, "unique_name") == null
                && text(claims, "appid") != null);
        String principal = app ? first(claims, "appid", "azp", "oid")
                : first(claims, "upn", "unique_name", "preferred_username", "email", "oid");
        Map<String, Object> out = map(
                "tenantId", sub.tenantId() != null ? sub.tenantId() : text(claims, "tid"),
                "subscriptionId", sub.subscriptionId(),
                "subscriptionName", sub.displayName(),
                "subscriptionState", str(sub.state()),
                "principal", principal,
                "principalType", app ? "servicePrincipal" : "user",
                "objectId", text(claims, "oid"),
                "cloud", arm.cloud().resourceManagerEndpoint());
        return new Result(out, principal + " on subscription '" + sub.displayName() + "' (" + sub.subscriptionId() + ", "
                + sub.state() + ") in tenant " + out.get("tenantId"));
    }

    /** The JWT payload; an opaque token (some credentials issue them) yields no claims, not an error. */
    private static JsonNode claims(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length < 2) return JSON.createObjectNode();
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String first(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = text(n, f);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }
}
