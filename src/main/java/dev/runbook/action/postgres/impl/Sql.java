package dev.runbook.action.postgres.impl;

/** Just enough SQL lexing to tell one statement from several (quotes, dollar quotes and comments respected). */
final class Sql {
    private Sql() {}

    /** Offset of the first ';' that is followed by another statement, or -1 when the text holds one statement. */
    static int secondStatement(String sql) {
        int n = sql.length();
        int i = 0;
        int semicolon = -1;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
                continue;
            }
            if (semicolon >= 0) return semicolon;
            if (c == ';') {
                semicolon = i++;
            } else if (c == '\'') {
                boolean backslash = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                i = skipQuoted(sql, i, '\'', backslash);
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
            } else if (c == '$') {
                i = skipDollar(sql, i);
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int skipBlockComment(String sql, int i) {
        int depth = 0;
        int n = sql.length();
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) return i;
            } else {
                i++;
            }
        }
        return n;
    }

    private static int skipQuoted(String sql, int i, char quote, boolean backslashEscapes) {
        int n = sql.length();
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** $tag$ ... $tag$; a '$' that does not open a tag ($1 parameters) is skipped alone. */
    private static int skipDollar(String sql, int i) {
        int n = sql.length();
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) j++;
        if (j >= n || sql.charAt(j) != '$' || (j > i + 1 && Character.isDigit(sql.charAt(i + 1)))) return i + 1;
        String tag = sql.substring(i, j + 1);
        int end = sql.indexOf(tag, j + 1);
        return end < 0 ? n : end + tag.length();
    }
}
