package dev.runbook.action.postgres;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Findings;
import dev.runbook.action.ParamSpec;
import dev.runbook.action.Provider;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL actions over JDBC. Metadata only: the driver is loaded by
 * {@code dev.runbook.action.postgres.impl.PostgresActionFactory} when a runbook runs one of these.
 */
public final class PostgresProvider implements Provider {
    public static final String ID = "postgres";

    static final String CONNECTION_DOC = "where to connect: a JDBC URL (jdbc:postgresql://host:5432/db?user=app&sslmode=require),"
            + " a postgresql:// URI, or a mapping {host, port, database, user, sslmode, ...};"
            + " keys other than host/port/database/user are passed to the driver as connection properties";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String factoryClass() {
        return "dev.runbook.action.postgres.impl.PostgresActionFactory";
    }

    @Override
    public List<ActionSpec> specs() {
        return List.of(query(), connections(), blocking(), longRunning(), cancel(), terminate(), dump(), whoami());
    }

    /** Who and where the run acts in a database: asked once per connection the runbook's postgres.* steps use. */
    @Override
    public String identityAction() {
        return "postgres.whoami";
    }

    /** The connection each step gives: the identity is asked with these arguments of every postgres.* step. */
    @Override
    public List<String> identityArguments() {
        return List.of("connection", "password", "connectTimeout");
    }

    /** "db.example.com:5432/orders as app, PostgreSQL 16.4 (password from PGPASSWORD, redacted)". */
    @Override
    public String identityText(java.util.Map<String, Object> o) {
        String where = Provider.text(o, "host") + ":" + Provider.text(o, "port") + "/" + Provider.text(o, "database");
        String as = Provider.text(o, "user");
        String version = Provider.text(o, "serverVersion");
        String source = Provider.text(o, "passwordSource");
        String password = source == null || source.equals("none") ? "no password" : "password from " + source + ", redacted";
        return where + (as == null ? "" : " as " + as) + (version == null ? "" : ", PostgreSQL " + version) + " (" + password + ")";
    }

    static ActionSpec whoami() {
        return base("postgres.whoami", Effect.READ,
                "Says where a connection leads and as whom: the server, database and role, the server's version, and where"
                        + " the password came from (never the password)")
                .output("host", ParamType.STRING, "the host connected to, as the connection names it")
                .output("port", ParamType.INT, "the port")
                .output("database", ParamType.STRING, "the database (current_database())")
                .output("user", ParamType.STRING, "the role the session acts as (current_user)")
                .output("serverVersion", ParamType.STRING, "the server's version (server_version)")
                .output("passwordSource", ParamType.STRING, "where the password came from: the password argument, the connection"
                        + " argument, PGPASSWORD, a .pgpass file's path, or none")
                .timeout(Duration.ofSeconds(15))
                .findings(Findings.fields("host", "port", "database", "user", "serverVersion", "passwordSource"))
                .build();
    }

    private static ActionSpec.Builder base(String name, Effect effect, String description) {
        return ActionSpec.builder(name, effect)
                .description(description)
                .required("connection", ParamType.ANY, CONNECTION_DOC)
                .optional("password", ParamType.STRING, null,
                        "the password; pass a secret runbook parameter. Without it PGPASSWORD, then PGPASSFILE or ~/.pgpass is used")
                .consumes("connection", "password")
                .optional("connectTimeout", ParamType.DURATION, "10s", "how long to wait for the connection to open");
    }

    private static ActionSpec.Builder backendBefore(ActionSpec.Builder b) {
        return b.before("pid", ParamType.INT, "the backend's process id")
                .before("user", ParamType.STRING, "the role the backend is logged in as")
                .before("database", ParamType.STRING, "the database it is connected to")
                .before("application", ParamType.STRING, "its application_name")
                .before("clientAddr", ParamType.STRING, "the client address, empty for a local socket")
                .before("state", ParamType.STRING, "active, idle, idle in transaction, ...")
                .before("query", ParamType.STRING, "its current or last query")
                .before("querySeconds", ParamType.NUMBER, "seconds since its current query started")
                .before("xactSeconds", ParamType.NUMBER, "seconds since its transaction started (0 outside one)")
                .before("backendType", ParamType.STRING, "client backend, autovacuum worker, ...");
    }

    static ActionSpec query() {
        return base("postgres.query", Effect.READ,
                "Runs one SQL query in a READ ONLY transaction with a statement timeout; returns at most maxRows rows")
                .required("sql", ParamType.STRING, "the query; a statement that writes fails")
                .optional("params", ParamType.LIST, null, "values bound to ?, in order")
                .optional("maxRows", ParamType.INT, 100L, "rows returned at most; 'truncated' says when more existed")
                .output("rows", ParamType.LIST, "the rows, each a mapping column -> value")
                .output("rowCount", ParamType.INT, "number of rows returned")
                .output("columns", ParamType.LIST, "column names in order")
                .output("truncated", ParamType.BOOL, "true when the query had more than maxRows rows")
                .output("first", ParamType.MAP, "the first row, or an empty mapping")
                .timeout(Duration.ofSeconds(30))
                .findings(Findings.table("rows", "columns", "rowCount"))
                .build();
    }

    static ActionSpec connections() {
        return base("postgres.connections", Effect.READ,
                "Connections by state, application and database against max_connections (pool exhaustion)")
                .optional("maxUtilisation", ParamType.NUMBER, null,
                        "fail (transiently, so retry: polls) while utilisation is above this percentage; for verify steps")
                .output("total", ParamType.INT, "client connections open now, not counting this check's own")
                .output("maxConnections", ParamType.INT, "the server's max_connections")
                .output("reserved", ParamType.INT, "connections reserved for superusers (and pg_use_reserved_connections)")
                .output("available", ParamType.INT, "connections an ordinary role can still open")
                .output("utilisation", ParamType.NUMBER, "percent of usable connections in use (0-100)")
                .output("byState", ParamType.MAP, "state -> count (active, idle, idle in transaction, ...)")
                .output("byApplication", ParamType.LIST, "[{application, user, total, active, idle, idleInTransaction}], largest first")
                .output("byDatabase", ParamType.MAP, "database -> count")
                .output("idleInTransaction", ParamType.INT, "connections idle inside an open transaction (leaked transactions)")
                .output("longestIdleInTransactionSeconds", ParamType.NUMBER, "age of the oldest idle-in-transaction state")
                .timeout(Duration.ofSeconds(30))
                .findings(Findings.table("byApplication", null, null, "total", "maxConnections", "available", "utilisation", "idleInTransaction"))
                .build();
    }

    static ActionSpec blocking() {
        return base("postgres.blocking", Effect.READ,
                "Blocked and blocking backends from pg_blocking_pids, with their queries and wait time")
                .optional("minWait", ParamType.DURATION, "0s", "only report sessions blocked for at least this long")
                .optional("expectClear", ParamType.BOOL, false,
                        "fail (transiently, so retry: polls) while any session is blocked; for verify steps")
                .output("blocked", ParamType.LIST, "[{pid, user, application, query, waitSeconds, waitEvent, blockedBy}]")
                .output("blockers", ParamType.LIST, "[{pid, user, application, state, query, querySeconds, xactSeconds, blocks, root}]")
                .output("blockedCount", ParamType.INT, "sessions waiting on a lock")
                .output("blockerCount", ParamType.INT, "sessions holding a lock others wait for")
                .output("rootBlockers", ParamType.LIST, "pids that block others and are not blocked themselves")
                .output("rootBlocker", ParamType.INT, "the root blocker blocking the most sessions, or 0 when nothing is blocked")
                .output("longestWaitSeconds", ParamType.NUMBER, "the longest wait among blocked sessions")
                .timeout(Duration.ofSeconds(30))
                .findings(Findings.table("blockers", null, "blockerCount", "blockedCount", "rootBlocker", "longestWaitSeconds"))
                .build();
    }

    static ActionSpec longRunning() {
        return base("postgres.long-running", Effect.READ,
                "Queries (and open transactions) running longer than a threshold")
                .optional("threshold", ParamType.DURATION, "5m", "report queries running at least this long")
                .optional("includeIdleInTransaction", ParamType.BOOL, true,
                        "also report sessions idle in a transaction open longer than the threshold")
                .optional("maxRows", ParamType.INT, 100L, "sessions returned at most, longest first")
                .output("queries", ParamType.LIST, "[{pid, user, application, database, state, query, seconds, waitEvent}], longest first")
                .output("count", ParamType.INT, "sessions over the threshold")
                .output("longestPid", ParamType.INT, "pid of the longest one, or 0")
                .output("longestSeconds", ParamType.NUMBER, "its age in seconds, or 0")
                .timeout(Duration.ofSeconds(30))
                .findings(Findings.table("queries", null, "count", "longestPid", "longestSeconds"))
                .build();
    }

    static ActionSpec cancel() {
        return backendBefore(base("postgres.cancel", Effect.WRITE,
                "Cancels a backend's current query (pg_cancel_backend); the session stays connected")
                .required("pid", ParamType.INT, "the backend's process id"))
                .output("pid", ParamType.INT, "the pid signalled")
                .output("signalled", ParamType.BOOL, "what pg_cancel_backend returned")
                .timeout(Duration.ofSeconds(30))
                .nothingToUndo("a cancelled query cannot be resumed; its client decides whether to retry")
                .findings(Findings.fields("pid", "signalled"))
                .subject("backend pid {pid}")
                .build();
    }

    static ActionSpec terminate() {
        return backendBefore(base("postgres.terminate", Effect.DESTRUCTIVE,
                "Terminates a backend (pg_terminate_backend): its transaction rolls back and the client is disconnected")
                .required("pid", ParamType.INT, "the backend's process id; the gate asks the operator to type it")
                .optional("waitFor", ParamType.DURATION, "5s", "how long to wait for the backend to exit"))
                .target("pid")
                .output("pid", ParamType.INT, "the pid terminated")
                .output("signalled", ParamType.BOOL, "what pg_terminate_backend returned")
                .output("gone", ParamType.BOOL, "true when the backend had exited within waitFor")
                .timeout(Duration.ofSeconds(30))
                .nothingToUndo("a terminated session cannot be revived; its open transaction was rolled back")
                .findings(Findings.fields("pid", "signalled", "gone"))
                .subject("backend pid {pid}")
                .build();
    }

    static ActionSpec dump() {
        return base("postgres.dump", Effect.WRITE,
                "Backs a database up with pg_dump to a file (written atomically), e.g. before a migration")
                .required("file", ParamType.STRING, "the dump file to write; relative paths are resolved against the working directory")
                .param(ParamSpec.optional("format", ParamType.STRING, "custom",
                        "pg_dump format: custom (pg_restore), plain (SQL) or tar").allowing("custom", "plain", "tar"))
                .optional("schemas", ParamType.LIST, null, "only these schemas (pg_dump --schema)")
                .optional("tables", ParamType.LIST, null, "only these tables (pg_dump --table)")
                .optional("overwrite", ParamType.BOOL, false, "replace an existing file; otherwise an existing file is an error")
                .optional("pgDump", ParamType.STRING, null, "path of the pg_dump executable; default: pg_dump on PATH")
                .before("exists", ParamType.BOOL, "whether the file already exists")
                .before("serverVersion", ParamType.STRING, "the server's version")
                .before("databaseBytes", ParamType.INT, "the database size reported by pg_database_size")
                .output("path", ParamType.STRING, "absolute path of the dump file")
                .output("bytes", ParamType.INT, "its size")
                .output("sha256", ParamType.STRING, "its SHA-256, hex")
                .output("format", ParamType.STRING, "the format written")
                .output("seconds", ParamType.NUMBER, "how long pg_dump ran")
                .timeout(Duration.ofMinutes(30))
                .nothingToUndo("writes a new dump file; the database is not changed")
                .findings(Findings.fields("path", "bytes", "format", "seconds"))
                .build();
    }
}
