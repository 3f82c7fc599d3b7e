package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * postgres.whoami: where a connection leads and as whom (the run's target identity for a database). One round trip
 * after the connection opens; the password is never an output, only where it came from.
 */
final class WhoAmIAction extends ReadAction {
    private static final String SQL = "SELECT current_database(), current_user, current_setting('server_version')";

    WhoAmIAction(ActionSpec spec) {
        super(spec);
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        try (Session s = Session.open(ctx, args, "postgres.whoami")) {
            ConnectionConfig cfg = s.config();
            Map<String, Object> out = s.run(SQL, st -> {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("host", cfg.host());
                    m.put("port", (long) cfg.port());
                    m.put("database", rs.getString(1));
                    m.put("user", rs.getString(2));
                    // "16.4 (Debian 16.4-1.pgdg120+2)": the version, without the packager's note
                    String v = rs.getString(3);
                    m.put("serverVersion", v == null ? "" : v.split(" ")[0]);
                    return m;
                }
            });
            // a .pgpass file's path is not a secret; the password itself never leaves ConnectionConfig
            out.put("passwordSource", cfg.password().isPresent() ? cfg.passwordSource() : "none");
            return new Result(out, cfg.host() + ":" + cfg.port() + "/" + out.get("database") + " as " + out.get("user"));
        }
    }
}
