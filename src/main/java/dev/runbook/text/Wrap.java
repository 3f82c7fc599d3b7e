package dev.runbook.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Fitting text to a terminal's width: words wrapped with a hanging indent (never cut mid-word unless one word
 * is wider than the line), and cells truncated with {@code …}. Widths count characters, which is what the
 * terminal shows for the text runbook prints (no East Asian wide characters of our own).
 */
public final class Wrap {
    private Wrap() {}

    /** The narrowest width we lay out for; below it lines simply overflow rather than become unreadable. */
    public static final int MIN_WIDTH = 40;

    /**
     * {@code text} broken into lines of at most {@code width} characters: the first starts with {@code first},
     * the others with {@code hanging} (usually spaces as wide as the first prefix).
     */
    public static List<String> words(String text, int width, String first, String hanging) {
        width = Math.max(width, MIN_WIDTH);
        List<String> out = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder(out.isEmpty() ? first : hanging);
            if (line.length() + para.length() <= width) {
                // fits: kept as written (aligned columns, double spaces)
                out.add(line.append(para).toString());
                continue;
            }
            int prefix = line.length();
            for (String w : commandKeptWhole(para.split(" "))) {
                if (w.isEmpty()) continue;
                boolean command = w.startsWith("runbook ");
                if (line.length() > prefix && line.length() + 1 + w.length() > width) {
                    out.add(line.toString());
                    line = new StringBuilder(hanging);
                    prefix = line.length();
                }
                if (line.length() > prefix) line.append(' ');
                // a word wider than the line: cut it, it cannot fit anywhere (a command overflows instead: it is copied)
                while (!command && line.length() + w.length() > width && width - line.length() > 1) {
                    int room = width - line.length();
                    line.append(w, 0, room);
                    w = w.substring(room);
                    out.add(line.toString());
                    line = new StringBuilder(hanging);
                }
                line.append(w);
            }
            out.add(line.toString());
        }
        return out;
    }

    /**
     * The words of a paragraph with a command to type ({@code ...: runbook resume ID}, to its end) joined into
     * one word, so that the command is never split over two lines and can be copied as it is.
     */
    private static List<String> commandKeptWhole(String[] words) {
        List<String> out = new ArrayList<>(List.of(words));
        for (int i = 1; i < out.size() - 1; i++) {
            if (out.get(i).equals("runbook") && out.get(i - 1).endsWith(":")) {
                String command = String.join(" ", out.subList(i, out.size()));
                out.subList(i, out.size()).clear();
                out.add(command);
                break;
            }
        }
        return out;
    }

    /** {@code s} cut to {@code width} characters, the last one an ellipsis when anything was cut. */
    public static String truncate(String s, int width) {
        if (width <= 0) return "";
        if (s.length() <= width) return s;
        return width == 1 ? "…" : s.substring(0, width - 1) + "…";
    }

    /** {@code s} padded with spaces to {@code width}. */
    public static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
