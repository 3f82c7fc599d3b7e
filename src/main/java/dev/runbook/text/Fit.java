package dev.runbook.text;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines already laid out in columns ({@code list}, {@code actions}, {@code show}, {@code runs show}) fitted to the
 * window: a line wider than it is broken between words, and what follows goes on under its last column (the text
 * after the last two-space gap that leaves room), else under its own indent. A word is never cut: one wider than the
 * line (a URL, a path) overflows on a line of its own. ANSI colour sequences take no room.
 */
public final class Fit {
    private Fit() {}

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("( *)([^ ]+)");

    /** The least room a hanging column must leave for its text; a gap further right is not a column to hang under. */
    static final int MIN_TEXT = 24;

    /** {@code line} as lines of at most {@code width} visible characters; {@code width <= 0}: as it is. */
    public static List<String> line(String line, int width) {
        if (width <= 0 || visible(line) <= width) return List.of(line);
        width = Math.max(width, Wrap.MIN_WIDTH);
        int cut = hangAt(line, width);
        if (cut > 0 && widest(line.substring(cut)) > width - visible(line.substring(0, cut))) {
            // a word of the text would not fit under that column, though it fits under the indent: no word is cut then
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') indent++;
            if (widest(line.substring(cut)) <= width - indent - 2) cut = Math.min(indent, cut);
        }
        String first = line.substring(0, cut);
        // under a column: aligned with it; under the indent: two further in, so it does not read as a new item
        String plain = first.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
        boolean column = plain.endsWith("  ") && !plain.isBlank();
        String hanging = " ".repeat(visible(first) + (column ? 0 : 2));
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(first);
        int curWidth = visible(first);
        int prefix = curWidth;
        java.util.regex.Matcher m = WORD.matcher(line.substring(cut));
        while (m.find()) {
            // the spaces before a word are kept as written while it stays on the line (a column gap stays two wide)
            String gap = m.group(1);
            String w = m.group(2);
            int ww = visible(w);
            if (curWidth > prefix && curWidth + gap.length() + ww > width) {
                out.add(cur.toString());
                cur = new StringBuilder(hanging);
                curWidth = prefix = hanging.length();
            }
            if (curWidth > prefix) {
                cur.append(gap);
                curWidth += gap.length();
            }
            // a word wider than the room is never cut (a URL, a path, an id are copied whole): it overflows
            cur.append(w);
            curWidth += ww;
        }
        out.add(cur.toString());
        return out;
    }

    /** Where the wrapped text starts: after the last column gap that leaves room for text, else after the indent. */
    private static int hangAt(String line, int width) {
        int best = -1;
        int col = 0;
        char prev1 = 0;
        char prev2 = 0;
        boolean text = false; // a visible non-space seen: a gap in the leading indent is no column
        for (int i = 0; i < line.length(); i++) {
            int esc = escapeEnd(line, i);
            if (esc > i) {
                i = esc - 1;
                continue;
            }
            char c = line.charAt(i);
            if (c != ' ' && prev1 == ' ' && prev2 == ' ' && text && col <= width - MIN_TEXT) best = i;
            if (c != ' ') text = true;
            prev2 = prev1;
            prev1 = c;
            col++;
        }
        if (best >= 0) return best;
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') indent++;
        return Math.min(indent, width - MIN_TEXT);
    }

    private static int widest(String text) {
        int w = 0;
        for (String word : text.split(" ")) w = Math.max(w, visible(word));
        return w;
    }

    /** The visible width: characters, less ANSI escape sequences ({@code ESC [ ... letter}). */
    static int visible(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int esc = escapeEnd(s, i);
            if (esc > i) {
                i = esc - 1;
            } else {
                n++;
            }
        }
        return n;
    }

    private static int escapeEnd(String s, int i) {
        if (s.charAt(i) != '\u001b' || i + 1 >= s.length() || s.charAt(i + 1) != '[') return i;
        int j = i + 2;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';')) j++;
        return j < s.length() ? j + 1 : j;
    }

    /**
     * A writer that fits every whole line written to it (see {@link #line}) before it reaches {@code out}; {@code width
     * <= 0} passes everything through. A line still open at a flush goes out as it is.
     */
    public static PrintWriter writer(PrintWriter out, int width) {
        if (width <= 0) return out;
        return new PrintWriter(new Lines(out, width), true);
    }

    private static final class Lines extends Writer {
        private final PrintWriter out;
        private final int width;
        private final StringBuilder pending = new StringBuilder();
        private boolean raw;

        Lines(PrintWriter out, int width) {
            this.out = out;
            this.width = width;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c != '\n') {
                    pending.append(c);
                    continue;
                }
                if (raw) {
                    out.write(pending.toString());
                    out.write('\n');
                } else {
                    for (String l : line(pending.toString(), width)) {
                        out.write(l);
                        out.write('\n');
                    }
                }
                pending.setLength(0);
                raw = false;
            }
        }

        @Override
        public void flush() {
            if (pending.length() > 0) {
                out.write(pending.toString());
                pending.setLength(0);
                raw = true;
            }
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
