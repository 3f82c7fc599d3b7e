package dev.runbook.secret;

import dev.runbook.text.ControlChars;
import java.io.IOException;
import java.io.Writer;

/**
 * A writer that redacts secrets line by line before they reach the underlying writer, so a secret can
 * never be split across two writes and slip through. Partial lines are held until a newline or flush.
 */
public final class RedactingWriter extends Writer {
    private final Writer out;
    private final Redactor redactor;
    private final StringBuilder pending = new StringBuilder();

    public RedactingWriter(Writer out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            pending.append(c);
            if (c == '\n') drain();
        }
    }

    private void drain() throws IOException {
        if (pending.length() == 0) return;
        String text = pending.toString();
        pending.setLength(0);
        // the live line's own carriage returns pass as they are (a secret that happened to match a piece of one would break it)
        int at;
        while ((at = text.indexOf(ControlChars.LINE_START)) >= 0) {
            out.write(redactor.redact(text.substring(0, at)));
            out.write(ControlChars.LINE_START);
            text = text.substring(at + ControlChars.LINE_START.length());
        }
        out.write(redactor.redact(text));
    }

    @Override
    public synchronized void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }
}
