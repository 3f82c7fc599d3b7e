package dev.runbook.text;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Control characters from data (parameters, program output, journals) made visible instead of obeyed: a program
 * that prints {@code ESC ] 52 ; c ; …} must not write the operator's clipboard, set the window title or clear the
 * screen when its output is shown. {@code \n} and {@code \t} are kept; every other C0 character, DEL and the C1
 * characters (which some terminals read as {@code ESC [} / {@code ESC ]}) are written as {@code \u001B}-style
 * escapes, which also stay valid inside a JSON string.
 */
public final class ControlChars {
    private ControlChars() {}

    /** True for a character a terminal may act on: C0 but {@code \n} and {@code \t}, DEL, C1. */
    public static boolean isUnsafe(char c) {
        return c < 0x20 && c != '\n' && c != '\t' || c == 0x7F || c >= 0x80 && c <= 0x9F;
    }

    /** {@code s} with every unsafe character escaped (for Markdown and plain text that has no colours of its own). */
    public static String escape(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && !isUnsafe(s.charAt(i))) i++;
        if (i == s.length()) return s;
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnsafe(c)) {
                appendEscape(sb, c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static void appendEscape(StringBuilder sb, char c) {
        sb.append("\\u00").append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
    }

    /**
     * A writer for a terminal: our own colours (SGR, {@code ESC [ digits ; … m}) and the carriage return that redraws
     * the live step line pass; every other control sequence is escaped, whoever wrote it. A sequence split across two
     * writes is held until it is complete. Installed once on every text output (the root command's writers and a run's).
     */
    public static Writer terminalSafe(Writer out) {
        return out instanceof Safe ? out : new Safe(out);
    }

    private static final class Safe extends FilterWriter {
        private final StringBuilder pending = new StringBuilder();

        Safe(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            StringBuilder sb = new StringBuilder(8);
            feed(sb, (char) c);
            out.write(sb.toString());
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            StringBuilder sb = new StringBuilder(len + 8);
            for (int i = off; i < off + len; i++) feed(sb, cbuf[i]);
            out.write(sb.toString());
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            StringBuilder sb = new StringBuilder(len + 8);
            for (int i = off; i < off + len; i++) feed(sb, str.charAt(i));
            out.write(sb.toString());
        }

        private void feed(StringBuilder sb, char c) {
            synchronized (pending) {
                if (pending.length() > 0) {
                    if (pending.length() == 1) {
                        if (c == '[') {
                            pending.append(c);
                            return;
                        }
                    } else if (c == 'm') {
                        sb.append(pending).append(c);
                        pending.setLength(0);
                        return;
                    } else if ((c >= '0' && c <= '9' || c == ';' || c == ':') && pending.length() < 48) {
                        pending.append(c);
                        return;
                    }
                    // not a colour: the ESC is shown, the rest is ordinary text
                    appendEscape(sb, pending.charAt(0));
                    sb.append(pending, 1, pending.length());
                    pending.setLength(0);
                }
                if (c == 0x1B) {
                    pending.append(c);
                } else if (isUnsafe(c) && c != '\r') {
                    appendEscape(sb, c);
                } else {
                    sb.append(c);
                }
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (pending) {
                if (pending.length() > 0) {
                    StringBuilder sb = new StringBuilder();
                    appendEscape(sb, pending.charAt(0));
                    sb.append(pending, 1, pending.length());
                    pending.setLength(0);
                    out.write(sb.toString());
                }
            }
            super.close();
        }
    }
}
