package dev.runbook.state.postgres;

import dev.runbook.action.postgres.impl.PgPass;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.ObjectStoreFactory;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Opens {@code postgres://USER@HOST:PORT/DATABASE} (or {@code postgresql://}). The password comes from
 * {@code PGPASSWORD} or the libpq password file ({@code PGPASSFILE}, {@code ~/.pgpass}), never from the URL: a state
 * URL is printed, put in shell history and in CI settings. Query parameters: {@code sslmode}, {@code sslrootcert},
 * {@code sslcert}, {@code sslkey} ({@code PGSSLMODE} when the URL has no sslmode).
 */
public final class PgStoreFactory implements ObjectStoreFactory {
    private static final Set<String> QUERY = Set.of("sslmode", "sslrootcert", "sslcert", "sslkey");

    @Override
    public ObjectStore open(URI url, Map<String, String> env) {
        return PgStore.open(settings(url, env));
    }

    /** Where and as whom to connect; {@link #display()} is safe to print. */
    record Settings(String host, int port, String database, String user, Optional<String> password, String passwordSource,
                    Map<String, String> ssl) {
        String display() {
            return "postgres://" + user + "@" + host + ":" + port + "/" + database;
        }

        String jdbcUrl() {
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            return "jdbc:postgresql://" + h + ":" + port + "/" + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        }

        Properties properties() {
            Properties p = new Properties();
            p.putAll(ssl);
            p.setProperty("user", user);
            password.ifPresent(pw -> p.setProperty("password", pw));
            p.setProperty("ApplicationName", "runbook state");
            p.setProperty("connectTimeout", "10");
            p.setProperty("loginTimeout", "10");
            // a server that went silent after a write: the answer is lost (UNKNOWN_OUTCOME), not waited for forever
            p.setProperty("socketTimeout", "30");
            p.setProperty("tcpKeepAlive", "true");
            return p;
        }
    }

    static Settings settings(URI url, Map<String, String> env) {
        String shown = url.getScheme() + "://" + (url.getHost() == null ? "" : url.getHost()) + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw new StoreException(Kind.CONFIG, "'" + shown + "' is not a PostgreSQL state URL; use postgres://USER@HOST:5432/DATABASE");
        }
        String info = url.getRawUserInfo();
        if (info != null && info.contains(":")) {
            throw new StoreException(Kind.CONFIG, "the state URL " + shown + " holds a password: a state URL is printed and kept in"
                    + " shell history, so it must not; remove ':PASSWORD' from it and set PGPASSWORD or add a line"
                    + " HOST:PORT:DATABASE:USER:PASSWORD to ~/.pgpass (chmod 600)");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new StoreException(Kind.CONFIG, "the state URL '" + shown + "' names no host; use postgres://USER@HOST:5432/DATABASE");
        }
        Map<String, String> ssl = new LinkedHashMap<>();
        String q = url.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                if (key.equalsIgnoreCase("password")) {
                    throw new StoreException(Kind.CONFIG, "the state URL " + shown + " holds a password parameter: a state URL is"
                            + " printed and kept in shell history, so it must not; remove it and set PGPASSWORD or use ~/.pgpass");
                }
                if (!QUERY.contains(key)) {
                    throw new StoreException(Kind.CONFIG, "the state URL " + shown + " has the parameter '" + key
                            + "', which a state store does not take; the parameters it takes are " + String.join(", ", QUERY.stream().sorted().toList()));
                }
                ssl.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        if (!ssl.containsKey("sslmode") && nonBlank(env.get("PGSSLMODE"))) ssl.put("sslmode", env.get("PGSSLMODE"));
        String user = info != null && !info.isEmpty() ? decode(info)
                : nonBlank(env.get("PGUSER")) ? env.get("PGUSER") : nonBlank(env.get("USER")) ? env.get("USER") : null;
        if (user == null) {
            throw new StoreException(Kind.CONFIG, "the state URL " + shown + " names no user; use postgres://USER@HOST:5432/DATABASE or set PGUSER");
        }
        String path = url.getRawPath();
        String database = path == null || path.length() <= 1 ? user : decode(path.substring(1));
        if (database.contains("/")) {
            throw new StoreException(Kind.CONFIG, "the state URL " + shown + " has a path after the database name; use postgres://USER@HOST:5432/DATABASE");
        }
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = url.getPort() < 0 ? 5432 : url.getPort();
        Optional<String> password;
        String source;
        if (env.get("PGPASSWORD") != null && !env.get("PGPASSWORD").isEmpty()) {
            password = Optional.of(env.get("PGPASSWORD"));
            source = "PGPASSWORD";
        } else {
            PgPass.Match m = PgPass.lookup(env, host, port, database, user).orElse(null);
            password = m == null ? Optional.empty() : Optional.of(m.password());
            source = m == null ? "none" : m.file().toString();
        }
        return new Settings(host, port, database, user, password, source, ssl);
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
