package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code shell} in a rehearsal: the command is never run. It exits 0 with empty output unless the
 * scenario gives the step {@code outputs:} (exitCode, stdout, stderr); an exit code outside
 * {@code successCodes} fails the step as the real action does.
 */
final class ShellBehaviour implements SimBehaviour {
    @Override
    public Plan plan(SimCall call) throws ActionException {
        return new Plan("run " + argv(call) + " (simulated: not executed)", Map.of(), Map.of(), null, outputs(call), List.of());
    }

    @Override
    public Result execute(SimCall call) throws ActionException {
        Map<String, Object> out = outputs(call);
        long code = out.get("exitCode") instanceof Number n ? n.longValue() : 0L;
        List<Object> ok = call.args().list("successCodes").stream().map(v -> Values.coerce(v, dev.runbook.model.ParamType.INT)).toList();
        if (ok.isEmpty()) ok = List.of(0L);
        if (!ok.contains(code)) {
            String stderr = String.valueOf(out.get("stderr"));
            throw ActionException.permanent(argv(call) + " exited with " + code + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        }
        return new Result(out, "exit " + code + " (simulated)");
    }

    private static Map<String, Object> outputs(SimCall call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exitCode", 0L);
        out.put("stdout", "");
        out.put("stderr", "");
        out.putAll(call.override().outputs());
        Object code = out.get("exitCode");
        out.put("exitCode", code instanceof Number n ? n.longValue() : Values.coerce(code, dev.runbook.model.ParamType.INT));
        return out;
    }

    private static String argv(SimCall call) throws ActionException {
        return String.join(" ", call.args().strings("command"));
    }
}
