package dev.runbook.action.postgres.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts column values to the plain values outputs hold: String, Long, Double, Boolean, List, Map or null. */
final class Values {
    /** Longer text is cut so one huge value cannot flood the journal and the terminal. */
    static final int MAX_TEXT = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Values() {}

    /** Column labels, made unique ("count", "count_2") so no value is lost in the row mapping. */
    static List<String> labels(ResultSetMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String base = md.getColumnLabel(i);
            String label = base;
            for (int n = 2; out.contains(label); n++) label = base + "_" + n;
            out.add(label);
        }
        return out;
    }

    /** One row; long texts are cut through {@code ctx}, which redacts before it cuts (a cell may hold a secret). */
    static Map<String, Object> row(ResultSet rs, List<String> labels, dev.runbook.action.ActionContext ctx) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= labels.size(); i++) {
            row.put(labels.get(i - 1), cutTexts(column(rs, i, md.getColumnTypeName(i)), ctx));
        }
        return row;
    }

    private static Object cutTexts(Object v, dev.runbook.action.ActionContext ctx) {
        if (v instanceof String s) {
            return s.length() <= MAX_TEXT ? s : ctx.cut(s, MAX_TEXT) + "... (" + s.length() + " characters, cut at " + MAX_TEXT + ")";
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), cutTexts(val, ctx)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(cutTexts(o, ctx));
            return out;
        }
        return v;
    }

    static Object column(ResultSet rs, int i, String type) throws SQLException {
        switch (type) {
            case "timestamptz" -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toString();
            }
            case "timestamp" -> {
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                return t == null ? null : t.toString();
            }
            case "date" -> {
                LocalDate d = rs.getObject(i, LocalDate.class);
                return d == null ? null : d.toString();
            }
            case "json", "jsonb" -> {
                String s = rs.getString(i);
                if (s == null) return null;
                try {
                    return plain(JSON.readValue(s, Object.class));
                } catch (JsonProcessingException e) {
                    return text(s);
                }
            }
            case "bytea", "interval", "money", "time", "timetz", "uuid", "inet", "cidr", "xml" -> {
                return text(rs.getString(i));
            }
            default -> {
                Object v = rs.getObject(i);
                if (v instanceof Array a) {
                    try {
                        Object arr = a.getArray();
                        return arr instanceof Object[] elems ? plainList(elems) : text(rs.getString(i));
                    } finally {
                        a.free();
                    }
                }
                return plain(v);
            }
        }
    }

    static Object plain(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Long) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? (Object) d : String.valueOf(d);
        }
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        if (v instanceof BigDecimal b) return decimal(b);
        if (v instanceof String s) return text(s);
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
            return out;
        }
        if (v instanceof List<?> l) return plainList(l.toArray());
        if (v instanceof Object[] a) return plainList(a);
        return text(v.toString());
    }

    private static List<Object> plainList(Object[] elems) {
        List<Object> out = new ArrayList<>(elems.length);
        for (Object e : elems) out.add(plain(e));
        return out;
    }

    /** Whole numbers become Long, exact fractions Double; anything a double would round stays text. */
    private static Object decimal(BigDecimal b) {
        BigDecimal stripped = b.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) return b.longValue();
        double d = b.doubleValue();
        if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(b) == 0) return d;
        return b.toPlainString();
    }

    /** Texts stay whole here; {@link #row} cuts them, through the redactor. */
    private static String text(String s) {
        return s;
    }
}
