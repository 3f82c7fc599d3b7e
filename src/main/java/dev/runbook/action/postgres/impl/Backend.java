package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionException;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One server process as pg_stat_activity shows it: what the gate shows before it is signalled. */
record Backend(long pid, String user, String database, String application, String clientAddr, String state, String query,
               double querySeconds, double xactSeconds, String backendType) {

    private static final String SQL = "SELECT pid, coalesce(usename::text, ''), coalesce(datname::text, ''),"
            + " coalesce(application_name, ''), coalesce(host(client_addr), ''), coalesce(state, ''), coalesce(query, ''),"
            + " coalesce(extract(epoch FROM now() - query_start), 0)::float8, coalesce(extract(epoch FROM now() - xact_start), 0)::float8,"
            + " coalesce(backend_type, '') FROM pg_stat_activity WHERE pid = ?";

    static Optional<Backend> read(Session s, long pid) throws ActionException {
        return s.run(SQL, st -> {
            st.setInt(1, (int) pid);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Backend(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), ReadAction.round1(rs.getDouble(8)), ReadAction.round1(rs.getDouble(9)),
                        rs.getString(10)));
            }
        });
    }

    Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("user", user);
        m.put("database", database);
        m.put("application", application);
        m.put("clientAddr", clientAddr);
        m.put("state", state);
        m.put("query", query);
        m.put("querySeconds", querySeconds);
        m.put("xactSeconds", xactSeconds);
        m.put("backendType", backendType);
        return m;
    }

    /** "user app on db, application 'billing', idle in transaction, transaction open 312.4s". */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(user.isEmpty() ? backendType : user).append(" on ").append(database.isEmpty() ? "(no database)" : database);
        if (!application.isEmpty()) sb.append(", application '").append(application).append('\'');
        if (!state.isEmpty()) sb.append(", ").append(state);
        if (xactSeconds > 0) sb.append(", transaction open ").append(xactSeconds).append('s');
        else if (querySeconds > 0) sb.append(", query running ").append(querySeconds).append('s');
        return sb.toString();
    }
}
