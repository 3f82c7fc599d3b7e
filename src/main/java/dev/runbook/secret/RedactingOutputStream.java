package dev.runbook.secret;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A byte stream that redacts whole lines before they reach the underlying stream: the choke point for what
 * libraries write to {@code System.err} (their logs, a stray stack trace) during a run. Partial lines are held
 * until a newline or flush, so a secret is never split across two writes. Bytes are read as UTF-8.
 */
public final class RedactingOutputStream extends OutputStream {
    private final OutputStream out;
    private final Redactor redactor;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public RedactingOutputStream(OutputStream out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        pending.write(b);
        if (b == '\n') drain();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    private void drain() throws IOException {
        if (pending.size() == 0) return;
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        out.write(redactor.redact(line).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
    }
}
