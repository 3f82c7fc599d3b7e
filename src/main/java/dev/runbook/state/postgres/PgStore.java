package dev.runbook.state.postgres;

import dev.runbook.state.ObjectStore;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postgresql.Driver;

/**
 * A team state store in two tables of one PostgreSQL database, created on first use (or beforehand by a DBA, see
 * docs/state.md): {@code runbook_state(key, bytes, version)} and {@code runbook_state_schema(version)}. Versions come
 * from one sequence, so a key deleted and created again never gets back a version an old holder remembers.
 * Conditional writes are single statements: {@code INSERT ... ON CONFLICT DO NOTHING} and
 * {@code UPDATE ... WHERE key = ? AND version = ?}, atomic under any isolation level.
 *
 * <p>One connection, used by one call at a time. A connection the server had already ended (restart,
 * {@code pg_terminate_backend}, idle timeout) is replaced once and the call repeated, since the statement never ran;
 * a connection that breaks while a write is under way makes that write {@link Kind#UNKNOWN_OUTCOME}.
 */
final class PgStore implements ObjectStore {
    /** The schema this code writes and reads; a higher one in the database was made by a newer runbook. */
    static final int SCHEMA = 1;
    /** Serialises the first use by several machines at once (CREATE TABLE IF NOT EXISTS alone races on pg_type). */
    private static final long SETUP_LOCK = 0x72756e626f6f6bL; // "runbook"
    /** SQL states meaning the server ended the session before running the statement: it is safe to run it again. */
    private static final Set<String> NOT_RUN = Set.of("57P01", "57P02", "57P03", "57P05", "08003");

    private final PgStoreFactory.Settings settings;
    private Connection conn;

    private PgStore(PgStoreFactory.Settings settings) {
        this.settings = settings;
    }

    static PgStore open(PgStoreFactory.Settings settings) {
        PgStore s = new PgStore(settings);
        synchronized (s) {
            s.conn = s.connect();
            try {
                s.setUp();
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }
        return s;
    }

    @Override
    public String describe() {
        return settings.display();
    }

    @Override
    public Optional<Blob> get(String key) {
        return call("read", key, false, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT bytes, version FROM runbook_state WHERE key = ?")) {
                st.setString(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new Blob(rs.getBytes(1), Long.toString(rs.getLong(2)))) : Optional.<Blob>empty();
                }
            }
        });
    }

    @Override
    public Optional<String> createIfAbsent(String key, byte[] bytes) {
        return call("create", key, true, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO runbook_state (key, bytes, version)"
                    + " VALUES (?, ?, nextval('runbook_state_version')) ON CONFLICT (key) DO NOTHING RETURNING version")) {
                st.setString(1, key);
                st.setBytes(2, bytes);
                return version(st);
            }
        });
    }

    @Override
    public Optional<String> replaceIfMatch(String key, byte[] bytes, String version) {
        Optional<Long> v = parse(version);
        if (v.isEmpty()) return Optional.empty(); // not a version this store ever gave out, so not the current one
        return call("replace", key, true, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE runbook_state SET bytes = ?, version = nextval('runbook_state_version')"
                    + " WHERE key = ? AND version = ? RETURNING version")) {
                st.setBytes(1, bytes);
                st.setString(2, key);
                st.setLong(3, v.get());
                return version(st);
            }
        });
    }

    @Override
    public boolean delete(String key, String version) {
        Optional<Long> v = version == null ? Optional.empty() : parse(version);
        if (version != null && v.isEmpty()) return false;
        return call("delete", key, true, c -> {
            try (PreparedStatement st = c.prepareStatement(version == null ? "DELETE FROM runbook_state WHERE key = ?"
                    : "DELETE FROM runbook_state WHERE key = ? AND version = ?")) {
                st.setString(1, key);
                if (version != null) st.setLong(2, v.get());
                return st.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<String> list(String prefix) {
        return call("list", prefix + "*", false, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT key FROM runbook_state WHERE key LIKE ? ESCAPE '\\' ORDER BY key")) {
                st.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                st.setFetchSize(1000);
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) keys.add(rs.getString(1));
                }
                return keys;
            }
        });
    }

    @Override
    public synchronized void close() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException e) {
                // closing a broken connection: nothing to report
            }
            conn = null;
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private synchronized <T> T call(String op, String key, boolean write, Work<T> work) {
        if (key.indexOf('\0') >= 0) throw new StoreException(Kind.CONFIG, "a state key cannot hold a NUL character: " + key.replace('\0', '?'));
        boolean retried = false;
        while (true) {
            try {
                if (conn == null || conn.isClosed()) conn = connect();
                return work.run(conn);
            } catch (SQLException e) {
                String state = state(e);
                boolean notRun = NOT_RUN.contains(state);
                boolean broken = notRun || state.startsWith("08") || hasIoCause(e);
                if (broken) close();
                if (broken && !retried && (notRun || !write)) {
                    retried = true;
                    continue;
                }
                if (broken && write && !notRun) {
                    throw new StoreException(Kind.UNKNOWN_OUTCOME, "the connection to " + describe() + " broke during the " + op + " of '"
                            + key + "': it may or may not have happened (" + e.getMessage() + ")", e);
                }
                throw map(e, "the " + op + " of '" + key + "' in " + describe());
            }
        }
    }

    private Connection connect() {
        try {
            // The driver is used directly: DriverManager does not see drivers in a provider's own class loader.
            Connection c = new Driver().connect(settings.jdbcUrl(), settings.properties());
            if (c == null) throw new StoreException(Kind.CONFIG, "the PostgreSQL driver did not accept " + describe());
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            throw map(e, "connecting to " + describe());
        }
    }

    /** Creates the tables on first use, and refuses a database whose state tables a newer runbook made. */
    private void setUp() {
        try {
            if (!exists("runbook_state_schema") || !exists("runbook_state")) {
                conn.setAutoCommit(false);
                try (Statement st = conn.createStatement()) {
                    st.execute("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")");
                    st.execute("CREATE TABLE IF NOT EXISTS runbook_state_schema (version int NOT NULL)");
                    st.execute("CREATE SEQUENCE IF NOT EXISTS runbook_state_version");
                    st.execute("CREATE TABLE IF NOT EXISTS runbook_state (key text COLLATE \"C\" PRIMARY KEY, bytes bytea NOT NULL,"
                            + " version bigint NOT NULL)");
                    st.execute("INSERT INTO runbook_state_schema (version) SELECT " + SCHEMA
                            + " WHERE NOT EXISTS (SELECT 1 FROM runbook_state_schema)");
                    conn.commit();
                } catch (SQLException e) {
                    conn.rollback();
                    if ("42501".equals(e.getSQLState())) {
                        throw new StoreException(Kind.DENIED, "user " + settings.user() + " may not create the state tables in " + describe()
                                + " (" + e.getMessage() + "); have them created once by a user who may (docs/state.md, 'PostgreSQL')"
                                + " or GRANT CREATE ON SCHEMA public TO " + settings.user(), e);
                    }
                    throw e;
                } finally {
                    conn.setAutoCommit(true);
                }
            }
            Integer schema;
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(version) FROM runbook_state_schema")) {
                rs.next();
                schema = (Integer) rs.getObject(1);
            }
            if (schema == null) {
                throw new StoreException(Kind.CORRUPT, "the table runbook_state_schema in " + describe() + " is empty; insert the schema version"
                        + " (INSERT INTO runbook_state_schema VALUES (" + SCHEMA + ")) if the tables were made by hand, as docs/state.md shows");
            }
            if (schema > SCHEMA) {
                throw new StoreException(Kind.CONFIG, "the state tables in " + describe() + " have schema " + schema + ", made by a newer runbook;"
                        + " this one knows schema " + SCHEMA + ": upgrade runbook on this machine");
            }
        } catch (SQLException e) {
            throw map(e, "opening the state tables in " + describe());
        }
    }

    private boolean exists(String table) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private StoreException map(SQLException e, String what) {
        String state = state(e);
        String msg = e.getMessage();
        if (state.equals("28P01") || state.equals("28000") || state.equals("08004")) {
            String hint = settings.password().isPresent()
                    ? "check the password in " + settings.passwordSource()
                    : "set PGPASSWORD or add a line " + settings.host() + ":" + settings.port() + ":" + settings.database() + ":"
                            + settings.user() + ":PASSWORD to ~/.pgpass (chmod 600)";
            return new StoreException(Kind.DENIED, what + ": the server refused user " + settings.user() + " (" + msg + "); " + hint, e);
        }
        if (state.equals("42501")) {
            return new StoreException(Kind.DENIED, what + ": " + msg + "; grant user " + settings.user()
                    + " SELECT, INSERT, UPDATE, DELETE on runbook_state and USAGE on runbook_state_version (docs/state.md, 'PostgreSQL')", e);
        }
        if (state.equals("3D000")) {
            return new StoreException(Kind.MISSING, what + ": the database " + settings.database() + " does not exist; create it"
                    + " (CREATE DATABASE " + settings.database() + ") or fix the state URL", e);
        }
        if (state.equals("42P01")) {
            return new StoreException(Kind.MISSING, what + ": " + msg + "; the state tables were dropped while in use: run the command again", e);
        }
        if (state.startsWith("08") || state.startsWith("57P") || hasIoCause(e)) {
            return new StoreException(Kind.UNAVAILABLE, what + ": cannot reach the server (" + msg + "); check the host, port, network"
                    + " and that PostgreSQL is running", e);
        }
        return new StoreException(Kind.UNAVAILABLE, what + ": " + msg, e);
    }

    private static Optional<String> version(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(Long.toString(rs.getLong(1))) : Optional.empty();
        }
    }

    private static Optional<Long> parse(String version) {
        try {
            return Optional.of(Long.parseLong(version));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }
}
