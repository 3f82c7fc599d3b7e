package dev.runbook.action.azure.sdk;

import com.azure.resourcemanager.servicebus.fluent.models.SBQueueInner;
import com.azure.resourcemanager.servicebus.models.MessageCountDetails;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import java.util.Map;

/** azure.servicebus.queue.get: message counts of a queue, from Resource Manager (no data-plane rights needed). */
final class ServiceBusActions {
    private ServiceBusActions() {}

    static final class QueueGet extends AzureAction {
        QueueGet(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            String rg = args.string("resourceGroup");
            String ns = args.string("namespace");
            String queue = args.string("queue");
            var manager = clients.serviceBus(clients.arm(ctx, args));
            String what = "queue '" + queue + "' of Service Bus namespace '" + ns + "' in resource group '" + rg + "'";
            SBQueueInner q = call(ctx, what, () -> manager.serviceClient().getQueues().get(rg, ns, queue));
            if (q == null) throw ActionException.permanent(spec.name() + ": not found: " + what);
            MessageCountDetails c = q.countDetails();
            Map<String, Object> out = map(
                    "activeMessageCount", c == null ? null : asLong(c.activeMessageCount()),
                    "deadLetterMessageCount", c == null ? null : asLong(c.deadLetterMessageCount()),
                    "scheduledMessageCount", c == null ? null : asLong(c.scheduledMessageCount()),
                    "transferMessageCount", c == null ? null : asLong(c.transferMessageCount()),
                    "transferDeadLetterMessageCount", c == null ? null : asLong(c.transferDeadLetterMessageCount()),
                    "messageCount", asLong(q.messageCount()),
                    "sizeInBytes", asLong(q.sizeInBytes()),
                    "status", str(q.status()),
                    "maxDeliveryCount", asLong(q.maxDeliveryCount()),
                    "accessedAt", iso(q.accessedAt()),
                    "id", q.id());
            return new Result(out, what + ": " + out.get("activeMessageCount") + " active, " + out.get("deadLetterMessageCount")
                    + " dead-lettered, " + out.get("scheduledMessageCount") + " scheduled (" + out.get("status") + ")");
        }
    }
}
