package dev.runbook.action.azure;

import static dev.runbook.model.ParamType.BOOL;
import static dev.runbook.model.ParamType.DURATION;
import static dev.runbook.model.ParamType.INT;
import static dev.runbook.model.ParamType.LIST;
import static dev.runbook.model.ParamType.MAP;
import static dev.runbook.model.ParamType.NUMBER;
import static dev.runbook.model.ParamType.STRING;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Findings;
import dev.runbook.action.ParamSpec;
import dev.runbook.action.Provider;
import dev.runbook.model.Effect;
import java.time.Duration;
import java.util.List;

/**
 * The {@code azure.*} actions as metadata only. Nothing here touches the Azure SDK: {@code validate},
 * {@code actions} and the JSON Schema read these specs without loading a single {@code com.azure} class.
 */
public final class AzureProvider implements Provider {
    public static final String ID = "azure";

    private static final String SUBSCRIPTION_DOC =
            "subscription id; default: --azure-subscription, then AZURE_SUBSCRIPTION_ID";
    private static final String POLL_DOC = "how often a long-running operation is polled";

    private static final List<ActionSpec> SPECS = List.of(
            ActionSpec.builder("azure.whoami", Effect.READ)
                    .description("Who the Azure credential is: tenant, subscription and signed-in principal.")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .output("tenantId", STRING, "tenant (directory) id of the subscription")
                    .output("subscriptionId", STRING, "subscription id in use")
                    .output("subscriptionName", STRING, "subscription display name")
                    .output("subscriptionState", STRING, "Enabled, Disabled, Warned, PastDue, Deleted")
                    .output("principal", STRING, "user principal name, or the application id of a service principal")
                    .output("principalType", STRING, "user or servicePrincipal")
                    .output("objectId", STRING, "object id of the principal")
                    .output("cloud", STRING, "Resource Manager endpoint in use")
                    .timeout(Duration.ofSeconds(30))
                    .findings(Findings.fields("subscriptionName", "subscriptionId", "tenantId", "principal"))
                    .build(),

            ActionSpec.builder("azure.webapp.get", Effect.READ)
                    .description("An App Service web app: state, plan, host names, slots, last deployment time.")
                    .required("resourceGroup", STRING, "resource group of the web app")
                    .required("name", STRING, "web app name")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .output("state", STRING, "Running or Stopped")
                    .output("plan", STRING, "name of the App Service plan")
                    .output("planResourceGroup", STRING, "resource group of the App Service plan")
                    .output("planId", STRING, "resource id of the App Service plan")
                    .output("hostNames", LIST, "host names the app answers to")
                    .output("defaultHostName", STRING, "the *.azurewebsites.net host name")
                    .output("slots", LIST, "deployment slot names (without the app name)")
                    .outputOrNull("lastDeploymentTime", STRING, "end time of the latest deployment (ISO-8601), or null")
                    .output("location", STRING, "Azure region")
                    .output("kind", STRING, "app, app,linux, functionapp, ...")
                    .output("availability", STRING, "Normal, Limited or DisasterRecoveryMode")
                    .output("id", STRING, "resource id")
                    .findings(Findings.fields("state", "availability", "hostNames", "plan", "slots", "lastDeploymentTime"))
                    .build(),

            ActionSpec.builder("azure.webapp.restart", Effect.WRITE).nothingToUndo("a restart leaves no state to revert")
                    .description("Restarts a web app (or one of its slots).")
                    .required("resourceGroup", STRING, "resource group of the web app")
                    .required("name", STRING, "web app name")
                    .optional("slot", STRING, null, "deployment slot; default: the production slot")
                    .optional("softRestart", BOOL, false, "restart the app without recycling the worker")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .before("state", STRING, "state before the restart")
                    .output("state", STRING, "state after the restart")
                    .timeout(Duration.ofMinutes(5))
                    .findings(Findings.fields("state"))
                    .build(),

            ActionSpec.builder("azure.webapp.stop", Effect.DESTRUCTIVE).ownUndo()
                    .description("Stops a web app (or one of its slots): it serves nothing until started.")
                    .required("resourceGroup", STRING, "resource group of the web app")
                    .required("name", STRING, "web app name; the operator types it at the gate")
                    .optional("slot", STRING, null, "deployment slot; default: the production slot")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .before("state", STRING, "state before the stop")
                    .output("state", STRING, "state after the stop")
                    .timeout(Duration.ofMinutes(5))
                    .target("name")
                    .findings(Findings.fields("state"))
                    .build(),

            ActionSpec.builder("azure.webapp.start", Effect.WRITE)
                    .description("Starts a stopped web app (or one of its slots).")
                    .required("resourceGroup", STRING, "resource group of the web app")
                    .required("name", STRING, "web app name")
                    .optional("slot", STRING, null, "deployment slot; default: the production slot")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .before("state", STRING, "state before the start")
                    .output("state", STRING, "state after the start")
                    .timeout(Duration.ofMinutes(5))
                    .findings(Findings.fields("state"))
                    .build(),

            ActionSpec.builder("azure.webapp.swap-slot", Effect.DESTRUCTIVE).ownUndo()
                    .description("Blue-green swap: swaps a deployment slot with production (or another slot). Undo swaps back.")
                    .required("resourceGroup", STRING, "resource group of the web app")
                    .required("name", STRING, "web app name; the operator types it at the gate")
                    .required("slot", STRING, "source slot, e.g. staging")
                    .optional("targetSlot", STRING, "production", "slot to swap with")
                    .optional("preserveVnet", BOOL, true, "keep the virtual network integration of the target")
                    .optional("pollInterval", DURATION, "10s", POLL_DOC)
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .before("slot", STRING, "source slot")
                    .before("targetSlot", STRING, "target slot")
                    .before("slotState", STRING, "state of the source slot")
                    .before("targetState", STRING, "state of the target slot")
                    .output("slot", STRING, "source slot")
                    .output("targetSlot", STRING, "target slot")
                    .output("status", STRING, "final status of the swap operation")
                    .timeout(Duration.ofMinutes(15))
                    .target("name")
                    .findings(Findings.fields("slot", "targetSlot", "status"))
                    .build(),

            ActionSpec.builder("azure.appservice.plan.get", Effect.READ)
                    .description("An App Service plan: SKU, worker count, status.")
                    .required("resourceGroup", STRING, "resource group of the plan")
                    .required("plan", STRING, "App Service plan name")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .output("sku", STRING, "SKU name, e.g. P1v2")
                    .output("tier", STRING, "pricing tier, e.g. PremiumV2")
                    .output("workers", INT, "current number of workers (instances)")
                    .output("maxWorkers", INT, "maximum workers the plan allows")
                    .output("status", STRING, "Ready, Pending or Creating")
                    .output("sites", INT, "number of apps in the plan")
                    .output("location", STRING, "Azure region")
                    .output("id", STRING, "resource id")
                    .findings(Findings.fields("sku", "tier", "workers", "maxWorkers", "status", "sites"))
                    .build(),

            ActionSpec.builder("azure.appservice.plan.scale", Effect.WRITE).ownUndo()
                    .description("Scales an App Service plan up (sku) and/or out (workers). Undo restores the previous sku and workers.")
                    .required("resourceGroup", STRING, "resource group of the plan")
                    .required("plan", STRING, "App Service plan name")
                    .optional("sku", STRING, null, "new SKU name, e.g. P2V2 (scale up)")
                    .optional("workers", INT, null, "new number of workers (scale out)")
                    .optional("pollInterval", DURATION, "10s", POLL_DOC)
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .before("sku", STRING, "SKU name before the change")
                    .before("tier", STRING, "pricing tier before the change")
                    .before("workers", INT, "worker count before the change")
                    .output("sku", STRING, "SKU name after the change")
                    .output("tier", STRING, "pricing tier after the change")
                    .output("workers", INT, "worker count after the change")
                    .timeout(Duration.ofMinutes(10))
                    .findings(Findings.fields("sku", "workers"))
                    .build(),

            ActionSpec.builder("azure.postgres.flexible.get", Effect.READ)
                    .description("An Azure Database for PostgreSQL flexible server: state, version, earliest restore time.")
                    .required("resourceGroup", STRING, "resource group of the server")
                    .required("name", STRING, "server name")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .output("state", STRING, "Ready, Stopped, Starting, Updating, Disabled, ...")
                    .output("version", STRING, "PostgreSQL major version")
                    .output("earliestRestoreTime", STRING, "earliest point in time a restore can target (ISO-8601)")
                    .output("backupRetentionDays", INT, "backup retention in days")
                    .output("fqdn", STRING, "fully qualified domain name")
                    .output("sku", STRING, "compute SKU, e.g. Standard_D4s_v3")
                    .output("tier", STRING, "Burstable, GeneralPurpose or MemoryOptimized")
                    .output("storageGb", INT, "storage size in GiB")
                    .output("highAvailability", STRING, "Disabled, SameZone or ZoneRedundant")
                    .output("location", STRING, "Azure region")
                    .output("id", STRING, "resource id")
                    .findings(Findings.fields("state", "version", "fqdn", "sku", "highAvailability", "earliestRestoreTime"))
                    .build(),

            ActionSpec.builder("azure.postgres.flexible.restore", Effect.WRITE).nothingToUndo("restores into a new server; the source server is untouched")
                    .description("Point-in-time restore of a flexible server into a NEW server (never over an existing one); waits until it is ready.")
                    .required("resourceGroup", STRING, "resource group of the source server (the new server goes there too)")
                    .required("source", STRING, "name of the server to restore from")
                    .required("target", STRING, "name of the new server; refused if it exists")
                    .required("restorePointInTime", STRING, "UTC instant to restore to, e.g. 2025-12-09T18:00:00Z")
                    .optional("location", STRING, null, "region of the new server; default: the source's")
                    .optional("pollInterval", DURATION, "30s", POLL_DOC)
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .before("sourceState", STRING, "state of the source server")
                    .before("earliestRestoreTime", STRING, "earliest restorable instant of the source")
                    .output("name", STRING, "name of the restored server")
                    .output("state", STRING, "state of the restored server")
                    .output("fqdn", STRING, "host name of the restored server")
                    .output("id", STRING, "resource id of the restored server")
                    .timeout(Duration.ofMinutes(90))
                    .findings(Findings.fields("name", "state", "fqdn"))
                    .build(),

            ActionSpec.builder("azure.redis.get", Effect.READ)
                    .description("An Azure Cache for Redis: provisioning state, SKU, host, firewall rules.")
                    .required("resourceGroup", STRING, "resource group of the cache")
                    .required("name", STRING, "cache name")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .output("provisioningState", STRING, "Succeeded, Creating, Updating, Failed, ...")
                    .output("sku", STRING, "Basic, Standard or Premium")
                    .output("family", STRING, "C or P")
                    .output("capacity", INT, "size within the family")
                    .output("hostName", STRING, "host name")
                    .output("port", INT, "non-TLS port (if enabled)")
                    .output("sslPort", INT, "TLS port")
                    .output("nonSslPortEnabled", BOOL, "whether the non-TLS port is open")
                    .output("redisVersion", STRING, "Redis version")
                    .output("publicNetworkAccess", STRING, "Enabled or Disabled")
                    .output("firewallRules", LIST, "list of {name, startIp, endIp}")
                    .output("id", STRING, "resource id")
                    .findings(Findings.fields("provisioningState", "sku", "capacity", "hostName", "sslPort", "publicNetworkAccess", "redisVersion"))
                    .build(),

            ActionSpec.builder("azure.redis.reboot", Effect.DESTRUCTIVE).nothingToUndo("a reboot leaves no state to revert")
                    .description("Reboots the nodes of an Azure Cache for Redis: connections drop and non-persisted data may be lost.")
                    .required("resourceGroup", STRING, "resource group of the cache")
                    .required("name", STRING, "cache name; the operator types it at the gate")
                    .param(ParamSpec.optional("rebootType", STRING, "AllNodes", "which nodes to reboot")
                            .allowing("AllNodes", "PrimaryNode", "SecondaryNode"))
                    .optional("shardId", INT, null, "shard to reboot (clustered Premium caches)")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .before("provisioningState", STRING, "provisioning state before the reboot")
                    .output("message", STRING, "the service's answer")
                    .timeout(Duration.ofMinutes(5))
                    .target("name")
                    .findings(Findings.fields("message"))
                    .build(),

            ActionSpec.builder("azure.keyvault.secret.describe", Effect.READ)
                    .description("A Key Vault secret's versions, enabled flags and expiry. Never reads the value.")
                    .required("vault", STRING, "vault name or URL (https://NAME.vault.azure.net)")
                    .required("secret", STRING, "secret name")
                    .optional("maxVersions", INT, 25L, "newest versions to list")
                    .output("currentVersion", STRING, "newest version")
                    .output("enabled", BOOL, "whether the newest version is enabled")
                    .outputOrNull("expiresOn", STRING, "expiry of the newest version (ISO-8601), or null")
                    .outputOrNull("expiresInDays", INT, "whole days until expiry (negative when expired), or null")
                    .output("updatedOn", STRING, "last update of the newest version")
                    .output("contentType", STRING, "content type of the newest version")
                    .output("versions", LIST, "newest first: {version, enabled, createdOn, expiresOn}")
                    .output("versionCount", INT, "number of versions listed")
                    .findings(Findings.fields("currentVersion", "enabled", "expiresOn", "expiresInDays", "versionCount"))
                    .build(),

            ActionSpec.builder("azure.keyvault.secret.rotate", Effect.WRITE).ownUndo()
                    .description("Sets a new version of a Key Vault secret from a generator or a secret parameter; undo makes the previous version current again. The value is never returned or logged.")
                    .required("vault", STRING, "vault name or URL (https://NAME.vault.azure.net)")
                    .required("secret", STRING, "secret name")
                    .optional("value", STRING, null, "new value; pass a secret runbook parameter. Omit to generate one")
                    .consumes("value")
                    .param(ParamSpec.optional("generator", STRING, "alnum", "how to generate a value when none is given")
                            .allowing("alnum", "hex", "base64url"))
                    .optional("length", INT, 32L, "length of a generated value (16..1024)")
                    .optional("expiresIn", DURATION, null, "expiry of the new version from now")
                    .optional("contentType", STRING, null, "content type of the new version; default: the previous one's")
                    .optional("disablePrevious", BOOL, false, "disable the previous version after the new one is set")
                    .before("version", STRING, "current version before the rotation")
                    .before("enabled", BOOL, "whether it was enabled")
                    .before("expiresOn", STRING, "its expiry")
                    .output("version", STRING, "the new version")
                    .output("previousVersion", STRING, "the version that was current before")
                    .outputOrNull("expiresOn", STRING, "expiry of the new version, or null")
                    .timeout(Duration.ofMinutes(1))
                    .findings(Findings.fields("version", "previousVersion"))
                    .build(),

            ActionSpec.builder("azure.keyvault.secret.restore-version", Effect.WRITE)
                    .description("Makes an earlier version of a Key Vault secret current again: re-enables it, sets it as the newest version and optionally disables another version (the undo of rotate). The value never leaves the process.")
                    .required("vault", STRING, "vault name or URL")
                    .required("secret", STRING, "secret name")
                    .required("version", STRING, "version to make current again")
                    .optional("disableVersion", STRING, null, "version to disable afterwards (the rotated one)")
                    .before("version", STRING, "current version before the restore")
                    .output("version", STRING, "the new current version (a copy of the restored one)")
                    .output("restoredFrom", STRING, "the version that was restored")
                    .timeout(Duration.ofMinutes(1))
                    .findings(Findings.fields("version", "restoredFrom"))
                    .build(),

            ActionSpec.builder("azure.servicebus.queue.get", Effect.READ)
                    .description("A Service Bus queue: active, dead-letter and scheduled message counts, status.")
                    .required("resourceGroup", STRING, "resource group of the namespace")
                    .required("namespace", STRING, "Service Bus namespace name")
                    .required("queue", STRING, "queue name")
                    .optional("subscription", STRING, null, SUBSCRIPTION_DOC)
                    .outputOrNull("activeMessageCount", INT, "messages ready for delivery (null when the service reports no per-state counts)")
                    .outputOrNull("deadLetterMessageCount", INT, "messages in the dead-letter sub-queue (null when not reported)")
                    .outputOrNull("scheduledMessageCount", INT, "scheduled messages (null when not reported)")
                    .outputOrNull("transferMessageCount", INT, "messages pending transfer (null when not reported)")
                    .outputOrNull("transferDeadLetterMessageCount", INT, "messages that failed to transfer (null when not reported)")
                    .output("messageCount", INT, "all messages in the queue")
                    .output("sizeInBytes", INT, "size of the queue")
                    .output("status", STRING, "Active, Disabled, SendDisabled, ReceiveDisabled, ...")
                    .output("maxDeliveryCount", INT, "deliveries before a message is dead-lettered")
                    .output("accessedAt", STRING, "last time a message was sent or received")
                    .output("id", STRING, "resource id")
                    .findings(Findings.fields("status", "activeMessageCount", "deadLetterMessageCount", "scheduledMessageCount", "accessedAt"))
                    .build(),

            ActionSpec.builder("azure.monitor.logs-query", Effect.READ)
                    .description("Runs a KQL query against a Log Analytics workspace or an Application Insights resource; rows are bounded.")
                    .required("query", STRING, "KQL query")
                    .optional("workspace", STRING, null, "Log Analytics workspace id (GUID); or give resource")
                    .optional("resource", STRING, null, "resource id to query, e.g. an Application Insights component")
                    .optional("timespan", DURATION, "1h", "time range ending now")
                    .optional("maxRows", INT, 100L, "rows to return at most (1..10000); the rest is counted, not returned")
                    .output("rows", LIST, "rows as maps column → value, at most maxRows")
                    .output("rowCount", INT, "rows the query returned")
                    .output("truncated", BOOL, "true when rows were cut to maxRows")
                    .output("columns", LIST, "column names")
                    .output("first", MAP, "the first row, or an empty map")
                    .timeout(Duration.ofMinutes(2))
                    .findings(Findings.table("rows", "columns", "rowCount"))
                    .build(),

            ActionSpec.builder("azure.monitor.metric", Effect.READ)
                    .description("An Azure Monitor metric of a resource, aggregated over a window.")
                    .required("resource", STRING, "resource id, e.g. /subscriptions/…/providers/Microsoft.Web/sites/app")
                    .required("metric", STRING, "metric name, e.g. CpuPercentage, MemoryWorkingSet, HttpResponseTime")
                    .param(ParamSpec.optional("aggregation", STRING, "Average", "aggregation over each interval and the window")
                            .allowing("Average", "Minimum", "Maximum", "Total", "Count"))
                    .optional("window", DURATION, "15m", "time range ending now")
                    .optional("interval", DURATION, "5m", "granularity of the points")
                    .optional("namespace", STRING, null, "metric namespace, when not the resource type's default")
                    .outputOrNull("value", NUMBER, "the aggregation over the whole window, or null without data")
                    .outputOrNull("latest", NUMBER, "the newest point with data, or null")
                    .output("unit", STRING, "unit, e.g. Percent, Bytes, Seconds")
                    .output("points", LIST, "{timestamp, value} per interval")
                    .timeout(Duration.ofMinutes(1))
                    .findings(Findings.fields("value", "latest", "unit"))
                    .build());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ActionSpec> specs() {
        return SPECS;
    }

    /**
     * A subscription for every step that needs one (its own {@code subscription:}, else --azure-subscription or
     * AZURE_SUBSCRIPTION_ID) and some way to sign in: a service principal or workload identity in the environment,
     * an Azure CLI login (~/.azure or AZURE_CONFIG_DIR), a managed identity endpoint, or an Azure VM.
     */
    @Override
    public List<dev.runbook.action.Preflight.Need> preflight(dev.runbook.action.Preflight in) {
        List<dev.runbook.action.Preflight.Need> out = new java.util.ArrayList<>();
        String sub = in.setting("azure.subscription") != null ? in.setting("azure.subscription") : in.env("AZURE_SUBSCRIPTION_ID");
        if (sub == null) {
            List<String> need = new java.util.ArrayList<>();
            for (dev.runbook.action.Preflight.StepUse u : in.steps()) {
                boolean takes = SPECS.stream().filter(sp -> sp.name().equals(u.action()))
                        .anyMatch(sp -> sp.parameters().stream().anyMatch(p -> p.name().equals("subscription")));
                // a logs query by resource id or workspace needs no subscription; everything under Resource Manager does
                if (takes && !u.args().contains("subscription")) need.add(u.step());
            }
            if (!need.isEmpty()) {
                out.add(new dev.runbook.action.Preflight.Need("no Azure subscription given (needed by " + String.join(", ", need) + ")",
                        "pass --azure-subscription ID or set AZURE_SUBSCRIPTION_ID (az account show --query id -o tsv)"));
            }
        } else if (!sub.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            out.add(new dev.runbook.action.Preflight.Need("Azure subscription '" + sub + "' is not a subscription id",
                    "give the id (a GUID, see 'az account list -o table'), not the display name"));
        }
        if (!in.steps().isEmpty() && !canSignIn(in)) {
            out.add(new dev.runbook.action.Preflight.Need("no Azure sign-in found (no Azure CLI login, no service principal or managed identity)",
                    "run 'az login', or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (a managed identity: AZURE_CLIENT_ID)"));
        }
        return out;
    }

    private static boolean canSignIn(dev.runbook.action.Preflight in) {
        if (in.env("AZURE_CLIENT_ID") != null || in.env("AZURE_USERNAME") != null || in.env("IDENTITY_ENDPOINT") != null
                || in.env("MSI_ENDPOINT") != null || in.env("AZURE_FEDERATED_TOKEN_FILE") != null) {
            return true;
        }
        java.nio.file.Path cli = in.env("AZURE_CONFIG_DIR") != null ? java.nio.file.Path.of(in.env("AZURE_CONFIG_DIR"))
                : in.home() == null ? null : in.home().resolve(".azure");
        if (cli != null && (java.nio.file.Files.exists(cli.resolve("msal_token_cache.json")) || java.nio.file.Files.exists(cli.resolve("msal_token_cache.bin"))
                || java.nio.file.Files.exists(cli.resolve("accessTokens.json")))) {
            return true;
        }
        return dev.runbook.action.Preflight.cloudVm("Microsoft Corporation");
    }

    @Override
    public String identityAction() {
        return "azure.whoami";
    }

    /** "subscription 'Prod' (0000…), tenant 72f9…, as alice@contoso.com" (a service principal: "as app 0b7c…"). */
    @Override
    public String identityText(java.util.Map<String, Object> o) {
        String name = Provider.text(o, "subscriptionName");
        String id = Provider.text(o, "subscriptionId");
        StringBuilder sb = new StringBuilder("subscription ");
        sb.append(name != null ? "'" + name + "'" + (id != null ? " (" + id + ")" : "") : id != null ? id : "(unknown)");
        String state = Provider.text(o, "subscriptionState");
        if (state != null && !state.equalsIgnoreCase("Enabled")) sb.append(" [").append(state).append("]");
        String tenant = Provider.text(o, "tenantId");
        if (tenant != null) sb.append(", tenant ").append(tenant);
        String principal = Provider.text(o, "principal");
        if (principal != null) sb.append(", as ").append("servicePrincipal".equals(Provider.text(o, "principalType")) ? "app " : "").append(principal);
        return sb.toString();
    }

    @Override
    public String factoryClass() {
        return "dev.runbook.action.azure.sdk.AzureActionFactory";
    }
}
