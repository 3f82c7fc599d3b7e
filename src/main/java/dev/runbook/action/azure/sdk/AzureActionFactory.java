package dev.runbook.action.azure.sdk;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFactory;
import dev.runbook.action.ActionSpec;

/** Builds the azure.* actions; loaded only when a runbook step uses one. Clients are built on first call. */
public final class AzureActionFactory implements ActionFactory {
    private final AzureClients clients;

    public AzureActionFactory() {
        this(Wiring.production());
    }

    AzureActionFactory(Wiring wiring) {
        this.clients = new AzureClients(wiring);
    }

    @Override
    public void warmUp(java.util.Set<String> actions, java.util.Map<String, String> settings, java.util.Map<String, String> env) {
        clients.warmUp(actions, settings, env);
    }

    @Override
    public Action create(ActionSpec spec) {
        return switch (spec.name()) {
            case "azure.whoami" -> new WhoAmI(spec, clients);
            case "azure.webapp.get" -> new WebAppActions.Get(spec, clients);
            case "azure.webapp.restart" -> new WebAppActions.Power(spec, clients, WebAppActions.Power.Op.RESTART);
            case "azure.webapp.stop" -> new WebAppActions.Power(spec, clients, WebAppActions.Power.Op.STOP);
            case "azure.webapp.start" -> new WebAppActions.Power(spec, clients, WebAppActions.Power.Op.START);
            case "azure.webapp.swap-slot" -> new WebAppActions.SwapSlot(spec, clients);
            case "azure.appservice.plan.get" -> new PlanActions.Get(spec, clients);
            case "azure.appservice.plan.scale" -> new PlanActions.Scale(spec, clients);
            case "azure.postgres.flexible.get" -> new PostgresActions.Get(spec, clients);
            case "azure.postgres.flexible.restore" -> new PostgresActions.Restore(spec, clients);
            case "azure.redis.get" -> new RedisActions.Get(spec, clients);
            case "azure.redis.reboot" -> new RedisActions.Reboot(spec, clients);
            case "azure.keyvault.secret.describe" -> new KeyVaultActions.Describe(spec, clients);
            case "azure.keyvault.secret.rotate" -> new KeyVaultActions.Rotate(spec, clients);
            case "azure.keyvault.secret.restore-version" -> new KeyVaultActions.RestoreVersion(spec, clients);
            case "azure.servicebus.queue.get" -> new ServiceBusActions.QueueGet(spec, clients);
            case "azure.monitor.logs-query" -> new MonitorActions.LogsQuery(spec, clients);
            case "azure.monitor.metric" -> new MonitorActions.Metric(spec, clients);
            default -> throw new IllegalArgumentException("no azure implementation for " + spec.name());
        };
    }
}
