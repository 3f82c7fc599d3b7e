package dev.runbook.action.notify;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Findings;
import dev.runbook.action.ParamSpec;
import dev.runbook.action.Provider;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import java.time.Duration;
import java.util.List;

/** Notifications to chat channels. Metadata only; {@code dev.runbook.action.notify.impl} holds the HTTP code. */
public final class NotifyProvider implements Provider {
    public static final ActionSpec WEBHOOK = ActionSpec.builder("notify.webhook", Effect.WRITE)
            .description("Posts a message to a Slack- or Teams-compatible incoming webhook, e.g. 'investigating',"
                    + " 'mitigated', 'resolved'. The URL is a credential: pass it from a parameter declared secret: true."
                    + " Retries 429 and 5xx answers; a dry run shows the message and sends nothing.")
            .required("url", ParamType.URL, "the incoming-webhook URL, from a secret parameter: \"${params.slackWebhook}\"")
            .consumes("url")
            .required("text", ParamType.STRING, "the message; ${...} expressions are rendered as in message")
            .optional("title", ParamType.STRING, null, "a heading sent above the text")
            .param(ParamSpec.optional("format", ParamType.STRING, "slack",
                    "payload shape: slack ({\"text\"}, also Mattermost, Rocket.Chat, Google Chat), teams (MessageCard)"
                            + " or adaptive (Teams workflows: an Adaptive Card)").allowing("slack", "teams", "adaptive"))
            .optional("attempts", ParamType.INT, 3L, "tries on 429/5xx/connection errors, the first included")
            .output("status", ParamType.INT, "HTTP status of the accepted post")
            .output("attempts", ParamType.INT, "how many posts it took")
            .output("text", ParamType.STRING, "the text sent (secrets redacted)")
            .timeout(Duration.ofSeconds(30))
            .findings(Findings.fields("status", "attempts"))
            // the URL is a credential: never named
            .subject("chat webhook ({format}; URL not shown)", "chat webhook (URL not shown)")
            .build();

    @Override
    public String id() {
        return "notify";
    }

    @Override
    public List<ActionSpec> specs() {
        return List.of(WEBHOOK);
    }

    @Override
    public String factoryClass() {
        return "dev.runbook.action.notify.impl.NotifyActionFactory";
    }
}
