package dev.runbook.action.postgres.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.process.ChildProcess;
import dev.runbook.model.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * postgres.dump: runs pg_dump into a temporary file beside the target and renames it into place only when
 * pg_dump succeeded, so a half-written dump never carries the final name. The password goes through the
 * PGPASSWORD environment variable of the child, never its argument list.
 */
final class DumpAction implements Action {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");
    private static final int STDERR_LIMIT = 16 * 1024;

    /** JDBC property names and the libpq keywords pg_dump understands for them. */
    private static final Map<String, String> LIBPQ = Map.of(
            "sslmode", "sslmode", "sslrootcert", "sslrootcert", "sslcert", "sslcert", "sslkey", "sslkey",
            "ApplicationName", "application_name", "options", "options", "gssEncMode", "gssencmode",
            "channelBinding", "channel_binding");

    private final ActionSpec spec;

    DumpAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    private record Prepared(ConnectionConfig cfg, Path pgDump, String pgDumpVersion, String serverVersion, long databaseBytes,
                            Path file, String format, List<String> argv, List<String> ignored) {}

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        Prepared p = prepare(ctx, args);
        List<String> details = new ArrayList<>();
        details.add("server:   " + p.cfg().display() + " (PostgreSQL " + p.serverVersion() + ", database " + mb(p.databaseBytes()) + ")");
        details.add("pg_dump:  " + p.pgDump() + " (" + p.pgDumpVersion() + ")");
        details.add("file:     " + p.file() + (Files.exists(p.file()) ? " (replaced)" : ""));
        details.add("command:  " + String.join(" ", p.argv()));
        details.add("password: " + (p.cfg().password().isPresent() ? "from " + p.cfg().passwordSource() + ", passed as PGPASSWORD" : "none"));
        if (!p.ignored().isEmpty()) details.add("not passed to pg_dump: " + String.join(", ", p.ignored()));
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("exists", Files.exists(p.file()));
        before.put("serverVersion", p.serverVersion());
        before.put("databaseBytes", p.databaseBytes());
        Map<String, Object> predicted = new LinkedHashMap<>();
        predicted.put("path", p.file().toString());
        predicted.put("bytes", 0L);
        predicted.put("sha256", "");
        predicted.put("format", p.format());
        predicted.put("seconds", 0.0);
        return new Plan("pg_dump " + p.cfg().database() + " (" + mb(p.databaseBytes()) + ") to " + p.file() + " as " + p.format(),
                before, Map.of("exists", true), null, predicted, details);
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        Prepared p = prepare(ctx, args);
        boolean overwrite = args.bool("overwrite", false);
        Path tmp = p.file().resolveSibling("." + p.file().getFileName() + "." + UUID.randomUUID() + ".partial");
        List<String> argv = new ArrayList<>(p.argv());
        argv.add("--file=" + tmp);
        Instant started = Instant.now();
        try {
            run(ctx, p, argv, tmp);
            ctx.cancellation().check();
            long bytes;
            String sha;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            bytes = Files.size(tmp);
            sha = sha256(tmp);
            if (!overwrite && Files.exists(p.file())) throw exists(p.file());
            Files.move(tmp, p.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            double seconds = ReadAction.round1(Duration.between(started, Instant.now()).toMillis() / 1000.0);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", p.file().toString());
            out.put("bytes", bytes);
            out.put("sha256", sha);
            out.put("format", p.format());
            out.put("seconds", seconds);
            return new Result(out, "dumped " + p.cfg().database() + " to " + p.file() + " (" + mb(bytes) + ", sha256 "
                    + sha.substring(0, 12) + "..., " + seconds + "s)");
        } catch (IOException e) {
            throw ActionException.permanent("postgres.dump could not write " + p.file() + ": " + e.getMessage(),
                    "check the directory exists, is writable and has free space");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // a leftover .partial file is visible and harmless; the failure itself is what gets reported
            }
        }
    }

    private Prepared prepare(ActionContext ctx, Args args) throws ActionException {
        String format = args.optString("format").orElse("custom");
        String flag = switch (format) {
            case "custom" -> "c";
            case "plain" -> "p";
            case "tar" -> "t";
            default -> throw ActionException.permanent("argument 'format' must be custom, plain or tar, got '" + format + "'");
        };
        Path file = ctx.workDir().resolve(args.string("file")).toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw ActionException.permanent("argument 'file' is a directory: " + file, "name the dump file, e.g. " + file.resolve("before-migration.dump"));
        }
        if (!Files.isDirectory(file.getParent())) {
            throw ActionException.permanent("the folder for the dump does not exist: " + file.getParent(), "create it first or choose another 'file'");
        }
        if (Files.exists(file) && !args.bool("overwrite", false)) throw exists(file);
        Path pgDump = locate(ctx, args);
        String pgDumpVersion = version(ctx, pgDump);

        ConnectionConfig cfg;
        String serverVersion;
        int serverNum;
        long dbBytes;
        try (Session s = Session.open(ctx, args, "postgres.dump")) {
            cfg = s.config();
            serverNum = s.serverVersion();
            Object[] r = s.run("SELECT current_setting('server_version'), pg_database_size(current_database())", st -> {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new Object[] {rs.getString(1), rs.getLong(2)};
                }
            });
            serverVersion = (String) r[0];
            dbBytes = (Long) r[1];
        }
        Matcher m = VERSION.matcher(pgDumpVersion);
        if (m.find() && Integer.parseInt(m.group(1)) < serverNum / 10000) {
            throw ActionException.permanent(pgDump + " is " + pgDumpVersion + ", older than the server (PostgreSQL " + serverVersion
                    + "); pg_dump refuses to dump a newer server", "install the PostgreSQL " + serverNum / 10000
                    + " client (or newer) and pass its path as pgDump:");
        }

        List<String> ignored = new ArrayList<>();
        StringBuilder conninfo = new StringBuilder();
        conninfo.append("host=").append(quote(cfg.host())).append(" port=").append(cfg.port())
                .append(" dbname=").append(quote(cfg.database())).append(" user=").append(quote(cfg.user()));
        Duration connectTimeout = args.optDuration("connectTimeout").orElse(Duration.ofSeconds(10));
        conninfo.append(" connect_timeout=").append(Math.max(2, connectTimeout.toSeconds()));
        for (Map.Entry<String, String> e : cfg.properties().entrySet()) {
            String keyword = LIBPQ.get(e.getKey());
            if (keyword != null) conninfo.append(' ').append(keyword).append('=').append(quote(e.getValue()));
            else if (e.getKey().equals("ssl") && e.getValue().equals("true") && !cfg.properties().containsKey("sslmode")) {
                conninfo.append(" sslmode=verify-full");
            } else ignored.add(e.getKey());
        }
        List<String> argv = new ArrayList<>();
        argv.add(pgDump.toString());
        argv.add("--dbname=" + conninfo);
        argv.add("--format=" + flag);
        argv.add("--no-password");
        for (String schema : args.strings("schemas")) argv.add("--schema=" + schema);
        for (String table : args.strings("tables")) argv.add("--table=" + table);
        return new Prepared(cfg, pgDump, pgDumpVersion, serverVersion, dbBytes, file, format, argv, ignored);
    }

    private void run(ActionContext ctx, Prepared p, List<String> argv, Path tmp) throws ActionException, IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(ctx.environment());
        pb.environment().remove("PGPASSWORD");
        p.cfg().password().ifPresent(pw -> pb.environment().put("PGPASSWORD", pw));
        // its own session, journaled before it starts, killed with runbook however runbook ends
        ChildProcess child = ChildProcess.start(ctx, pb);
        Process proc = child.process();
        StderrTail stderr = new StderrTail(proc.getErrorStream());
        stderr.start();
        AutoCloseable hook = ctx.cancellation().onCancel(child::kill);
        try {
            while (true) {
                Duration left = Duration.between(Instant.now(), ctx.deadline());
                if (left.isNegative() || left.isZero()) {
                    child.kill();
                    throw ActionException.timeout("pg_dump of " + p.cfg().database() + " did not finish within the step's timeout ("
                            + Durations.format(ctx.timeout()) + "); it was stopped and no dump file was written");
                }
                if (proc.waitFor(Math.min(1000, left.toMillis()), TimeUnit.MILLISECONDS)) break;
                if (ctx.cancellation().isCancelled()) {
                    child.kill();
                    throw ActionException.cancelled("postgres.dump was cancelled; pg_dump was stopped and no dump file was written");
                }
                if (Files.exists(tmp)) ctx.progress("pg_dump: " + mb(Files.size(tmp)) + " written");
            }
            child.close();
            stderr.join(2000);
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("postgres.dump was interrupted; pg_dump was stopped");
        } finally {
            child.close(); // never leaves pg_dump (or anything it started) behind, whatever went wrong
            try {
                hook.close();
            } catch (Exception e) {
                // deregistering cannot fail in a way that matters
            }
        }
        int code = proc.exitValue();
        if (code != 0) throw failure(ctx, p, code, ctx.redact(stderr.text()));
    }

    private static ActionException failure(ActionContext ctx, Prepared p, int code, String err) {
        String last = err.strip();
        String where = p.cfg().display();
        if (last.contains("password authentication failed")) {
            return ActionException.permanent("password authentication failed for user " + p.cfg().user() + " on " + where
                    + "; check the secret parameter or PGPASSWORD", "pg_dump said: " + last);
        }
        if (last.contains("no password supplied")) {
            return ActionException.permanent("the server asks user " + p.cfg().user() + " for a password and none was given (" + where + ")",
                    "pass 'password: ${params.<secret parameter>}', or set PGPASSWORD / ~/.pgpass");
        }
        if (last.contains("server version mismatch")) {
            return ActionException.permanent("pg_dump is older than the server at " + where + ": " + last,
                    "install a pg_dump of the server's major version or newer and pass its path as pgDump:");
        }
        if (last.contains("Connection refused") || last.contains("could not connect") || last.contains("timeout expired")
                || last.contains("server closed the connection")) {
            return new ActionException(ActionException.Kind.TRANSIENT, "pg_dump could not reach " + where + ": " + last, null, null);
        }
        return ActionException.permanent("pg_dump exited with status " + code + " for " + where + ": " + (last.isEmpty() ? "no message" : last),
                "no dump file was written; run the command shown in the plan by hand to investigate");
    }

    private static Path locate(ActionContext ctx, Args args) throws ActionException {
        String given = args.optString("pgDump").or(() -> ctx.setting("postgres.pgDump")).orElse(null);
        if (given != null) {
            Path p = ctx.workDir().resolve(given).toAbsolutePath();
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw ActionException.permanent("pgDump '" + given + "' is not an executable file", "give the full path of pg_dump");
            }
            return p;
        }
        String path = ctx.environment().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "pg_dump");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        throw ActionException.permanent("pg_dump is not on PATH",
                "install the PostgreSQL client tools (same major version as the server or newer), or pass pgDump: /path/to/pg_dump");
    }

    private static String version(ActionContext ctx, Path pgDump) throws ActionException {
        try {
            ProcessBuilder pb = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(ctx.environment());
            pb.environment().remove("PGPASSWORD");
            Process proc = pb.start();
            byte[] out;
            try (InputStream in = proc.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw ActionException.permanent(pgDump + " --version did not answer within 10s");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (proc.exitValue() != 0 || !VERSION.matcher(text).find()) {
                throw ActionException.permanent(pgDump + " does not look like pg_dump: '--version' printed '" + text + "'",
                        "pass the path of the real pg_dump as pgDump:");
            }
            return text;
        } catch (IOException e) {
            throw ActionException.permanent("cannot run " + pgDump + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("interrupted while asking pg_dump for its version");
        }
    }

    private static ActionException exists(Path file) {
        return ActionException.permanent("the dump file already exists: " + file,
                "choose a new name (e.g. with ${run.id} in it) or set overwrite: true");
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A libpq conninfo value: quoted, with ' and \ escaped. */
    private static String quote(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String mb(long bytes) {
        if (bytes < 1024 * 1024) return (bytes + 1023) / 1024 + " KiB";
        return ReadAction.round1(bytes / (1024.0 * 1024.0)) + " MiB";
    }

    /** Keeps the last STDERR_LIMIT bytes of pg_dump's messages, reading them so the child never blocks on a full pipe. */
    private static final class StderrTail extends Thread {
        private final InputStream in;
        private final byte[] buf = new byte[STDERR_LIMIT];
        private int len;

        StderrTail(InputStream in) {
            super("pg_dump-stderr");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[4096];
            try (in) {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    synchronized (this) {
                        if (len + n > buf.length) {
                            int drop = Math.min(len, len + n - buf.length);
                            System.arraycopy(buf, drop, buf, 0, len - drop);
                            len -= drop;
                        }
                        int copy = Math.min(n, buf.length - len);
                        System.arraycopy(chunk, n - copy, buf, len, copy);
                        len += copy;
                    }
                }
            } catch (IOException e) {
                // the child exited; what was read is all there is
            }
        }

        synchronized String text() {
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }
    }
}
