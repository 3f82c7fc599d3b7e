package dev.runbook.action.core.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a message (status-page update, stakeholder notice) to the terminal or a file. The text was rendered
 * by the engine; secrets in it are redacted before it is written anywhere. A dry run shows it and writes nothing.
 */
final class MessageAction implements Action {
    private final ActionSpec spec;

    MessageAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        String to = args.optString("to").orElse("terminal");
        return Plan.of(to.equals("terminal") ? "show a message" : "write a message to " + to);
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        String text = ctx.redact(args.string("text"));
        String title = args.optString("title").map(ctx::redact).orElse(null);
        String to = args.optString("to").orElse("terminal");
        String shown = title == null ? text : title + "\n" + text;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", text);
        if (to.equals("terminal")) {
            ctx.operator().show(shown);
            out.put("path", "");
            return new Result(out, "shown");
        }
        Path file = ctx.workDir().resolve(to).normalize();
        if (ctx.dryRun()) {
            ctx.operator().show("(dry run: would write " + file + ")\n" + shown);
            out.put("path", "");
            return new Result(out, "dry run: not written");
        }
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            String content = text.endsWith("\n") ? text : text + "\n";
            if (args.bool("append", false)) {
                Files.writeString(file, content, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                Files.writeString(file, content);
            }
        } catch (IOException e) {
            throw ActionException.permanent("cannot write " + file + ": " + e.getMessage());
        }
        ctx.operator().show((title == null ? "" : title + "\n") + "written to " + file);
        out.put("path", file.toString());
        return new Result(out, "written to " + file);
    }
}
