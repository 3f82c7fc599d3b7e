package dev.runbook.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rows of data as a plain-text table that fits a width: columns get their natural width while they fit, then
 * the widest give way, and cells that do not fit end in {@code …}. Numbers are right-aligned.
 */
public final class Table {
    private static final String GAP = "  ";
    private static final int MIN_COLUMN = 5;

    private Table() {}

    public static List<String> render(List<String> columns, List<Map<String, Object>> rows, int width) {
        int n = columns.size();
        if (n == 0) return List.of();
        String[][] cells = new String[rows.size()][n];
        boolean[] numeric = new boolean[n];
        java.util.Arrays.fill(numeric, !rows.isEmpty());
        int[] w = new int[n];
        for (int c = 0; c < n; c++) w[c] = columns.get(c).length();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < n; c++) {
                Object v = rows.get(r).get(columns.get(c));
                cells[r][c] = v == null ? "" : Display.value(v);
                if (v != null && !(v instanceof Number)) numeric[c] = false;
                w[c] = Math.max(w[c], cells[r][c].length());
            }
        }
        fit(w, width);
        List<String> out = new ArrayList<>();
        out.add(line(columns.toArray(String[]::new), w, numeric));
        for (String[] row : cells) out.add(line(row, w, numeric));
        return out;
    }

    /** Narrows the widest columns until the row fits (or every column is at its minimum). */
    private static void fit(int[] w, int width) {
        while (total(w) > width) {
            int widest = 0;
            for (int i = 1; i < w.length; i++) if (w[i] > w[widest]) widest = i;
            if (w[widest] <= MIN_COLUMN) break;
            w[widest] = Math.max(MIN_COLUMN, w[widest] - Math.max(1, total(w) - width));
        }
    }

    private static int total(int[] w) {
        int t = GAP.length() * (w.length - 1);
        for (int x : w) t += x;
        return t;
    }

    private static String line(String[] cells, int[] w, boolean[] numeric) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) sb.append(GAP);
            String cell = Wrap.truncate(cells[c], w[c]);
            boolean last = c == cells.length - 1;
            if (numeric[c]) sb.append(" ".repeat(w[c] - cell.length())).append(cell);
            else sb.append(last ? cell : Wrap.pad(cell, w[c]));
        }
        return sb.toString().stripTrailing();
    }
}
