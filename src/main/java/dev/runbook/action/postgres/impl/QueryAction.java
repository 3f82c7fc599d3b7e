package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgres.query: one statement in a READ ONLY transaction, rows bounded by maxRows. */
final class QueryAction extends ReadAction {
    static final long ROW_LIMIT = 10_000;

    QueryAction(ActionSpec spec) {
        super(spec);
    }

    /** Strings go as untyped literals so the server infers the type from the SQL ("pid = ?" with "123"). */
    private static void bind(PreparedStatement st, int index, Object value) throws SQLException {
        if (value instanceof String s) {
            st.setObject(index, s, Types.OTHER);
        } else {
            st.setObject(index, value);
        }
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        String sql = args.string("sql");
        if (sql.isBlank()) throw ActionException.permanent("argument 'sql' is empty", "give the query to run under with: sql:");
        int second = Sql.secondStatement(sql);
        if (second >= 0) {
            throw ActionException.permanent("postgres.query runs one statement, but 'sql' continues after the ';' at character "
                    + (second + 1), "split it into one step per query");
        }
        long maxRows = args.optInteger("maxRows").orElse(100L);
        if (maxRows < 1 || maxRows > ROW_LIMIT) {
            throw ActionException.permanent("argument 'maxRows' must be between 1 and " + ROW_LIMIT + ", got " + maxRows,
                    "aggregate in SQL (count, group by) instead of returning many rows");
        }
        List<Object> params = args.list("params");
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof List || p instanceof Map) {
                throw ActionException.permanent("params[" + i + "] is a " + (p instanceof List ? "list" : "mapping")
                        + "; only strings, numbers, booleans and null can be bound to ?",
                        "pass one value per ?, or build an array in SQL: ARRAY[?, ?]");
            }
        }
        try (Session s = Session.open(ctx, args, "postgres.query")) {
            return s.readOnly(sql, st -> {
                for (int i = 0; i < params.size(); i++) bind(st, i + 1, params.get(i));
                st.setMaxRows((int) maxRows + 1);
                st.setFetchSize((int) Math.min(maxRows + 1, 1000));
                List<Map<String, Object>> rows = new ArrayList<>();
                List<String> columns = List.of();
                boolean truncated = false;
                if (st.execute()) {
                    try (ResultSet rs = st.getResultSet()) {
                        columns = Values.labels(rs.getMetaData());
                        while (rs.next()) {
                            if (rows.size() == maxRows) {
                                truncated = true;
                                break;
                            }
                            rows.add(Values.row(rs, columns, ctx));
                        }
                    }
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("rows", rows);
                out.put("rowCount", (long) rows.size());
                out.put("columns", columns);
                out.put("truncated", truncated);
                out.put("first", rows.isEmpty() ? Map.of() : rows.get(0));
                String summary = rows.size() + (rows.size() == 1 ? " row" : " rows")
                        + (truncated ? " (more exist; maxRows is " + maxRows + ")" : "");
                return new Result(out, summary);
            });
        }
    }
}
