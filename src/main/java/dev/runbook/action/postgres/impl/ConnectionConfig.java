package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.model.Names;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Where and as whom to connect, resolved from the {@code connection} and {@code password} arguments and the
 * environment (PGPASSWORD, PGPASSFILE, ~/.pgpass, PGUSER). The password never appears in {@link #display()}.
 *
 * @param properties driver properties other than host, port, database, user and password (sslmode, ...)
 */
record ConnectionConfig(String host, int port, String database, String user, Optional<String> password,
                        String passwordSource, Map<String, String> properties) {

    /** Driver properties that name classes or files the driver would load: never taken from a runbook. */
    private static final Set<String> REFUSED = Set.of("socketfactory", "socketfactoryarg", "sslfactory", "sslfactoryarg",
            "sslhostnameverifier", "sslpasswordcallback", "authenticationpluginclassname", "loggerfile", "loggerlevel",
            "xmlfactoryfactory", "password");

    private static final Set<String> ADDRESS_KEYS = Set.of("host", "port", "database", "user", "password");

    ConnectionConfig {
        properties = Map.copyOf(properties);
    }

    /** user@host:port/database, safe to print. */
    String display() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + urlEncode(database);
    }

    static ConnectionConfig resolve(Args args, ActionContext ctx) throws ActionException {
        Object raw = args.get("connection");
        if (raw == null) {
            throw ActionException.permanent("missing argument 'connection'",
                    "add connection: jdbc:postgresql://HOST:5432/DB?user=USER (or a mapping with host, port, database, user)");
        }
        Map<String, String> env = ctx.environment();
        Parsed p;
        if (raw instanceof Map<?, ?> m) {
            p = fromMap(m);
        } else {
            String s = String.valueOf(raw).trim();
            if (s.startsWith("jdbc:postgresql:")) {
                p = fromJdbc(s, ctx);
            } else if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
                p = fromUri(s, ctx);
            } else {
                throw ActionException.permanent("argument 'connection' is not a PostgreSQL address: '" + ctx.redact(s) + "'",
                        "use jdbc:postgresql://HOST:5432/DB?user=USER, postgresql://USER@HOST:5432/DB,"
                                + " or a mapping {host, port, database, user}");
            }
        }
        String user = p.user != null ? p.user
                : firstNonBlank(env.get("PGUSER"), env.get("USER"), System.getProperty("user.name"));
        String database = p.database != null && !p.database.isEmpty() ? p.database : user;
        String host = p.host != null && !p.host.isEmpty() ? p.host : "localhost";
        int port = p.port != null ? p.port : 5432;

        Optional<String> password;
        String source;
        Optional<String> arg = args.optString("password").filter(s -> !s.isEmpty());
        if (arg.isPresent()) {
            password = arg;
            source = "the password argument";
        } else if (p.password != null) {
            password = Optional.of(p.password);
            source = "the connection argument";
        } else if (env.get("PGPASSWORD") != null && !env.get("PGPASSWORD").isEmpty()) {
            password = Optional.of(env.get("PGPASSWORD"));
            source = "PGPASSWORD";
        } else {
            PgPass.Match m = PgPass.lookup(env, host, port, database, user).orElse(null);
            password = m == null ? Optional.empty() : Optional.of(m.password());
            source = m == null ? "none" : m.file().toString();
        }
        return new ConnectionConfig(host, port, database, user, password, source, p.properties);
    }

    private static Parsed fromMap(Map<?, ?> m) throws ActionException {
        Parsed p = new Parsed();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (v == null) continue;
            String value = String.valueOf(v);
            switch (key) {
                case "host" -> p.host = value;
                case "port" -> p.port = port(value, "connection.port");
                case "database", "dbname" -> p.database = value;
                case "user", "username" -> p.user = value;
                case "password" -> throw ActionException.permanent(
                        "connection.password is not accepted: the connection mapping may be printed",
                        "pass the password as 'password: ${params.dbPassword}' from a secret parameter, or set PGPASSWORD");
                default -> p.properties.put(driverProperty(key, "connection." + key), value);
            }
        }
        return p;
    }

    private static Parsed fromJdbc(String url, ActionContext ctx) throws ActionException {
        Properties parsed = Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw ActionException.permanent("argument 'connection' is not a valid JDBC URL: '" + ctx.redact(url) + "'",
                    "expected jdbc:postgresql://HOST:PORT/DATABASE?user=USER&sslmode=require");
        }
        Parsed p = new Parsed();
        String hosts = parsed.getProperty("PGHOST");
        String ports = parsed.getProperty("PGPORT");
        if (hosts != null && hosts.contains(",")) {
            throw ActionException.permanent("argument 'connection' names several hosts (" + hosts + ")",
                    "point the runbook at one server: the one whose backends you want to inspect or signal");
        }
        p.host = hosts;
        p.port = ports == null ? null : port(ports, "the port in 'connection'");
        p.database = parsed.getProperty("PGDBNAME");
        for (String key : parsed.stringPropertyNames()) {
            String value = parsed.getProperty(key);
            switch (key) {
                case "PGHOST", "PGPORT", "PGDBNAME" -> { }
                case "user" -> p.user = value;
                case "password" -> p.password = value;
                default -> p.properties.put(driverProperty(key, "the '" + key + "' parameter of 'connection'"), value);
            }
        }
        return p;
    }

    private static Parsed fromUri(String s, ActionContext ctx) throws ActionException {
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw ActionException.permanent("argument 'connection' is not a valid URI: " + ctx.redact(e.getMessage()),
                    "expected postgresql://USER@HOST:5432/DATABASE?sslmode=require");
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null && uri.getRawAuthority().contains(",")) {
            throw ActionException.permanent("argument 'connection' names several hosts",
                    "point the runbook at one server: the one whose backends you want to inspect or signal");
        }
        Parsed p = new Parsed();
        p.host = uri.getHost();
        p.port = uri.getPort() < 0 ? null : uri.getPort();
        String path = uri.getRawPath();
        p.database = path == null || path.length() <= 1 ? null : decode(path.substring(1));
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            p.user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) p.password = decode(info.substring(colon + 1));
        }
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "user" -> p.user = value;
                    case "password" -> p.password = value;
                    case "dbname" -> p.database = value;
                    case "host" -> p.host = value;
                    case "port" -> p.port = port(value, "the port in 'connection'");
                    case "application_name" -> p.properties.put("ApplicationName", value);
                    case "connect_timeout" -> p.properties.put("connectTimeout", value);
                    default -> p.properties.put(driverProperty(key, "the '" + key + "' parameter of 'connection'"), value);
                }
            }
        }
        return p;
    }

    /** The driver's own spelling of a property, refusing unknown ones and those that load classes or files. */
    private static String driverProperty(String key, String where) throws ActionException {
        if (REFUSED.contains(key.toLowerCase(Locale.ROOT))) {
            throw ActionException.permanent(where + " is not allowed: it would make the driver load a class or file named by the runbook",
                    "remove it; configure TLS with sslmode, sslrootcert, sslcert and sslkey");
        }
        PGProperty prop = PGProperty.forName(key);
        if (prop == null) {
            for (PGProperty candidate : PGProperty.values()) {
                if (candidate.getName().equalsIgnoreCase(key)) prop = candidate;
            }
        }
        if (prop == null || ADDRESS_KEYS.contains(prop.getName())) {
            List<String> known = new ArrayList<>(ADDRESS_KEYS);
            for (PGProperty candidate : PGProperty.values()) known.add(candidate.getName());
            known.remove("password");
            String hint = Names.closest(key, known).map(k -> "did you mean '" + k + "'?")
                    .orElse("see the PostgreSQL JDBC driver's connection properties (sslmode, sslrootcert, options, ...)");
            throw ActionException.permanent(where + " is not a PostgreSQL connection property", hint);
        }
        return prop.getName();
    }

    private static int port(String value, String where) throws ActionException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port > 0 && port < 65536) return port;
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw ActionException.permanent(where + " must be a port number (1-65535), got '" + value + "'");
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return v;
        }
        return "postgres";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final class Parsed {
        String host;
        Integer port;
        String database;
        String user;
        String password;
        final Map<String, String> properties = new LinkedHashMap<>();
    }
}
