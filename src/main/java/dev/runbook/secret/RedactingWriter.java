package dev.runbook.secret;

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
        out.write(redactor.redact(pending.toString()));
        pending.setLength(0);
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
