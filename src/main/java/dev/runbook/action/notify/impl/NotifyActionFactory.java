package dev.runbook.action.notify.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFactory;
import dev.runbook.action.ActionSpec;
import java.net.http.HttpClient;
import java.time.Duration;

/** Builds the notify actions; one HTTP client, created when the first notify step runs. */
public final class NotifyActionFactory implements ActionFactory {
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public Action create(ActionSpec spec) {
        if (spec.name().equals("notify.webhook")) return new WebhookAction(spec, client);
        throw new IllegalArgumentException("the notify provider has no action " + spec.name());
    }
}
