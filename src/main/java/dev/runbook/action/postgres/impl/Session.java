package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.model.Durations;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.Driver;

/**
 * One JDBC connection for one plan or execute call. Every statement runs under a statement_timeout equal to
 * what is left of the step's time, and is cancelled on the server when the run is cancelled.
 */
final class Session implements AutoCloseable {
    interface Work<T> {
        T run(PreparedStatement st) throws SQLException, ActionException;
    }

    private static final Duration SOCKET_SLACK = Duration.ofSeconds(5);

    private final ActionContext ctx;
    private final ConnectionConfig cfg;
    private final String action;
    private final Connection conn;
    private final AtomicBoolean cancelledByUs = new AtomicBoolean();
    private final int pid;
    private final int serverVersion;

    private Session(ActionContext ctx, ConnectionConfig cfg, String action, Connection conn) throws ActionException {
        this.ctx = ctx;
        this.cfg = cfg;
        this.action = action;
        this.conn = conn;
        int[] ids = run("SELECT pg_backend_pid(), current_setting('server_version_num')::int", st -> {
            try (var rs = st.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        });
        this.pid = ids[0];
        this.serverVersion = ids[1];
    }

    static Session open(ActionContext ctx, Args args, String action) throws ActionException {
        ConnectionConfig cfg = ConnectionConfig.resolve(args, ctx);
        Duration remaining = remaining(ctx, action);
        Duration connectTimeout = args.optDuration("connectTimeout").orElse(Duration.ofSeconds(10));
        if (connectTimeout.compareTo(remaining) > 0) connectTimeout = remaining;
        ctx.cancellation().check();

        Properties props = new Properties();
        props.putAll(cfg.properties());
        props.setProperty("user", cfg.user());
        cfg.password().ifPresent(p -> props.setProperty("password", p));
        props.putIfAbsent("ApplicationName", "runbook " + ctx.runId() + " " + ctx.stepId());
        props.setProperty("connectTimeout", String.valueOf(ceilSeconds(connectTimeout)));
        props.setProperty("loginTimeout", String.valueOf(ceilSeconds(connectTimeout)));
        // The server-side statement_timeout normally fires first; the socket timeout catches a server that went silent.
        props.setProperty("socketTimeout", String.valueOf(ceilSeconds(remaining.plus(SOCKET_SLACK))));
        props.setProperty("cancelSignalTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        Connection conn;
        try {
            // The driver is used directly: DriverManager does not see drivers in a provider's own class loader.
            conn = new Driver().connect(cfg.jdbcUrl(), props);
        } catch (SQLException e) {
            throw map(e, ctx, cfg, action, false, true);
        }
        if (conn == null) throw ActionException.permanent("the PostgreSQL driver did not accept " + cfg.jdbcUrl());
        try {
            return new Session(ctx, cfg, action, conn);
        } catch (ActionException | RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    ConnectionConfig config() {
        return cfg;
    }

    /** This session's own backend pid, which must never be cancelled or terminated by it. */
    int pid() {
        return pid;
    }

    int serverVersion() {
        return serverVersion;
    }

    Connection connection() {
        return conn;
    }

    <T> T run(String sql, Work<T> work) throws ActionException {
        Duration remaining = remaining(ctx, action);
        ctx.cancellation().check();
        PreparedStatement st = null;
        AutoCloseable hook = null;
        try {
            try (Statement set = conn.createStatement()) {
                set.execute("SET statement_timeout = " + Math.max(1, remaining.toMillis()));
            }
            st = conn.prepareStatement(sql);
            PreparedStatement toCancel = st;
            hook = ctx.cancellation().onCancel(() -> {
                cancelledByUs.set(true);
                try {
                    toCancel.cancel();
                } catch (SQLException e) {
                    // The statement may have finished or the connection died: nothing left to cancel.
                }
            });
            return work.run(st);
        } catch (SQLException e) {
            throw map(e, ctx, cfg, action, cancelledByUs.get(), false);
        } finally {
            if (hook != null) {
                try {
                    hook.close();
                } catch (Exception e) {
                    // deregistering a hook cannot fail in a way that matters here
                }
            }
            if (st != null) {
                try {
                    st.close();
                } catch (SQLException e) {
                    // closing a finished statement: nothing to report
                }
            }
        }
    }

    /** Runs in a READ ONLY transaction that is always rolled back. */
    <T> T readOnly(String sql, Work<T> work) throws ActionException {
        try {
            conn.setAutoCommit(false);
            conn.setReadOnly(true);
            try (Statement s = conn.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
            }
        } catch (SQLException e) {
            throw map(e, ctx, cfg, action, cancelledByUs.get(), false);
        }
        try {
            return run(sql, work);
        } finally {
            try {
                conn.rollback();
            } catch (SQLException e) {
                // the connection is closed next anyway
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(conn);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing a broken connection: nothing to report
        }
    }

    static Duration remaining(ActionContext ctx, String action) throws ActionException {
        Duration left = Duration.between(Instant.now(), ctx.deadline());
        if (left.isNegative() || left.isZero()) {
            throw ActionException.timeout(action + " ran out of time (step timeout " + Durations.format(ctx.timeout()) + ")");
        }
        return left;
    }

    private static long ceilSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** Turns a driver or server error into a failure the operator can act on. */
    static ActionException map(SQLException e, ActionContext ctx, ConnectionConfig cfg, String action, boolean cancelled,
                              boolean connecting) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = cfg.display();
        String detail = ctx.redact(firstLine(e.getMessage()));
        if (cancelled || ctx.cancellation().isCancelled()) {
            return ActionException.cancelled(action + " was cancelled; the statement was cancelled on " + where);
        }
        boolean timedOut = Instant.now().isAfter(ctx.deadline())
                || state.equals("57014") && detail.contains("statement timeout")
                || !connecting && hasCause(e, SocketTimeoutException.class);
        if (timedOut) {
            return new ActionException(ActionException.Kind.TIMEOUT,
                    action + " timed out after " + Durations.format(ctx.timeout()) + " (the step's timeout) on " + where
                            + "; the statement was cancelled on the server",
                    "raise the step's timeout; if the server is this slow, look at postgres.blocking and postgres.long-running first", e);
        }
        if (state.equals("57014")) {
            return new ActionException(ActionException.Kind.TRANSIENT,
                    action + ": the statement was cancelled by another session on " + where + ": " + detail, null, e);
        }
        // a failed sign-in (wrong or missing password, a role the server refuses) checked nothing: the read's result is
        // unknown, never a finding about the database (Reach.SIGN_IN); a database that refuses connections or has no free
        // slot is reached and is what the runbook checks
        return switch (state) {
            case "28P01" -> new ActionException(ActionException.Kind.PERMANENT,
                    "password authentication failed for user " + cfg.user() + " on " + where
                            + "; check the secret parameter or PGPASSWORD (password taken from " + cfg.passwordSource() + ")",
                    "pass the password as 'password: ${params.<secret parameter>}', or set PGPASSWORD / ~/.pgpass", e)
                    .reaching(ActionException.Reach.SIGN_IN);
            case "28000" -> new ActionException(ActionException.Kind.PERMANENT,
                    "the server refused user " + cfg.user() + " on " + where + ": " + detail,
                    "check the role exists and pg_hba.conf allows it from this host (sslmode may be required)", e)
                    .reaching(ActionException.Reach.SIGN_IN);
            case "3D000" -> new ActionException(ActionException.Kind.PERMANENT,
                    "database " + cfg.database() + " does not exist on " + cfg.host() + ":" + cfg.port(),
                    "check the database in 'connection'", e);
            case "53300" -> new ActionException(ActionException.Kind.TRANSIENT,
                    "the server at " + where + " has no free connection slots: " + detail,
                    "the pool is exhausted; connect as a role that may use the reserved slots (superuser or pg_use_reserved_connections)", e);
            case "25006" -> new ActionException(ActionException.Kind.PERMANENT,
                    "postgres.query is read-only; use a migration or a shell step with effect: write for changes ("
                            + detail + ")",
                    "to stop a session use postgres.cancel or postgres.terminate; to back up use postgres.dump", e);
            case "42501" -> new ActionException(ActionException.Kind.PERMANENT,
                    action + ": permission denied for " + cfg.user() + " on " + where + ": " + detail,
                    "the role needs pg_signal_backend to signal other roles' backends and pg_read_all_stats to see their queries", e);
            case "08004" -> e.getMessage() != null && e.getMessage().contains("password")
                    ? new ActionException(ActionException.Kind.PERMANENT,
                            "the server asks user " + cfg.user() + " for a password and none was given (" + where + ")",
                            "pass 'password: ${params.<secret parameter>}', or set PGPASSWORD / ~/.pgpass", e)
                            .reaching(ActionException.Reach.SIGN_IN)
                    : new ActionException(ActionException.Kind.TRANSIENT,
                            "the server at " + where + " rejected the connection: " + detail, null, e);
            case "40001", "40P01", "55P03", "57P01", "57P02", "57P03" -> new ActionException(ActionException.Kind.TRANSIENT,
                    action + " failed on " + where + " and may succeed if retried: " + detail, null, e);
            default -> {
                if (state.startsWith("08")) {
                    yield new ActionException(ActionException.Kind.TRANSIENT,
                            "cannot connect to PostgreSQL at " + where + ": " + detail + causeText(e),
                            "check the server is up and reachable from here (host, port, firewall or security group, sslmode)", e);
                }
                if (state.startsWith("42")) {
                    yield new ActionException(ActionException.Kind.PERMANENT, action + ": the SQL is not valid: " + detail,
                            "check the statement with psql against the same database", e);
                }
                yield new ActionException(ActionException.Kind.PERMANENT,
                        action + " failed on " + where + ": " + detail + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), null, e);
            }
        };
    }

    private static String firstLine(String s) {
        return dev.runbook.text.Display.headline(s);
    }

    private static String causeText(SQLException e) {
        Throwable c = e.getCause();
        if (c == null || c.getMessage() == null || e.getMessage() != null && e.getMessage().contains(c.getMessage())) return "";
        return " (" + c.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT) + ": " + c.getMessage() + ")";
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }
}
