package dev.runbook.text;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Control characters from data (parameters, program output, journals) made visible instead of obeyed: a program
 * that prints {@code ESC ] 52 ; c ; …} must not write the operator's clipboard, set the window title or clear the
 * screen when its output is shown, nor move the cursor back ({@code \r}, backspace) to write over what was printed
 * before it. {@code \n} and {@code \t} are kept, and a {@code \r\n} line ending becomes a plain {@code \n}; every
 * other C0 character (a lone {@code \r} too), DEL and the C1 characters (which some terminals read as {@code ESC [}
 * / {@code ESC ]}) are written as {@code \u001B}-style escapes, which also stay valid inside a JSON string.
 */
public final class ControlChars {
    private ControlChars() {}

    /**
     * What our own code writes to a terminal writer to go back to the start of the line (the live step line redraws
     * itself so): the writer turns it into a {@code \r}. An {@code ESC [} sequence holding a number drawn at random
     * when the process starts, so no data can spell it; a lone {@code \r} from data is escaped.
     */
    public static final String LINE_START = lineStart();

    private static String lineStart() {
        StringBuilder sb = new StringBuilder("\u001B[");
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < 24; i++) sb.append((char) ('0' + random.nextInt(10)));
        return sb.append('r').toString();
    }

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
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                continue; // a CRLF line ending is a line break
            } else if (isUnsafe(c)) {
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
     * A writer for a terminal: colours (SGR, {@code ESC [ digits ; … m}) pass, and {@link #LINE_START} becomes the
     * carriage return that redraws the live step line; every other control character or sequence is escaped, whoever
     * wrote it, a {@code \r\n} is written as {@code \n}. A sequence split across two writes is held until it is
     * complete. Installed once on every text output (the root command's writers and a run's).
     */
    public static Writer terminalSafe(Writer out) {
        return out instanceof Safe ? out : new Safe(out);
    }

    private static final class Safe extends FilterWriter {
        private final StringBuilder pending = new StringBuilder();
        private boolean carriageReturn;

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
                if (carriageReturn) {
                    carriageReturn = false;
                    if (c == '\n') {
                        sb.append(c); // CRLF: a line break
                        return;
                    }
                    appendEscape(sb, '\r');
                }
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
                    } else if (c == 'r' && pending.length() == LINE_START.length() - 1 && LINE_START.startsWith(pending.toString())) {
                        sb.append('\r');
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
                } else if (c == '\r') {
                    carriageReturn = true; // shown escaped unless a newline follows
                } else if (isUnsafe(c)) {
                    appendEscape(sb, c);
                } else {
                    sb.append(c);
                }
            }
        }

        /** A {@code \r} held to see whether a {@code \n} follows is shown now: a flush is where a line is complete. */
        @Override
        public void flush() throws IOException {
            synchronized (pending) {
                if (carriageReturn) {
                    carriageReturn = false;
                    StringBuilder sb = new StringBuilder(6);
                    appendEscape(sb, '\r');
                    out.write(sb.toString());
                }
            }
            super.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
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
