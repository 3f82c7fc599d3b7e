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
            Map<String, Object> out = map(
                    "messageCount", asLong(q.messageCount()),
                    "sizeInBytes", asLong(q.sizeInBytes()),
                    "status", str(q.status()),
                    "maxDeliveryCount", asLong(q.maxDeliveryCount()),
                    "accessedAt", iso(q.accessedAt()),
                    "id", q.id());
            out.putAll(counts(q.countDetails(), asLong(q.messageCount())));
            String summary = out.get("activeMessageCount") == null
                    ? q.messageCount() + " messages in all; the response has no per-state counts (countDetails)"
                    : out.get("activeMessageCount") + " active, " + out.get("deadLetterMessageCount") + " dead-lettered, "
                            + out.get("scheduledMessageCount") + " scheduled";
            return new Result(out, what + ": " + summary + " (" + out.get("status") + ")");
        }

        /**
         * The per-state counts. API versions from 2017-04-01 on return them in countDetails, but the documented
         * examples (and some gateways) leave countDetails out: then an empty queue (messageCount 0) has 0 of each,
         * and otherwise they are unknown (null) rather than guessed.
         */
        static Map<String, Object> counts(MessageCountDetails c, Long total) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            boolean empty = c == null && total != null && total == 0;
            out.put("activeMessageCount", c != null ? asLong(c.activeMessageCount()) : empty ? 0L : null);
            out.put("deadLetterMessageCount", c != null ? asLong(c.deadLetterMessageCount()) : empty ? 0L : null);
            out.put("scheduledMessageCount", c != null ? asLong(c.scheduledMessageCount()) : empty ? 0L : null);
            out.put("transferMessageCount", c != null ? asLong(c.transferMessageCount()) : empty ? 0L : null);
            out.put("transferDeadLetterMessageCount", c != null ? asLong(c.transferDeadLetterMessageCount()) : empty ? 0L : null);
            return out;
        }
    }
}
