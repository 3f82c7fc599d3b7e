package dev.runbook.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where runs, journals and locks live, as the user names it with {@code --state URL} or {@code RUNBOOK_STATE}:
 * {@code file:PATH} (a local state directory, today's behaviour, no team store), {@code dir:PATH} (a directory the
 * team's machines share), {@code s3://bucket/prefix}, {@code azblob://account/container/prefix} or
 * {@code postgres://user@host:port/db}. Parsing loads nothing of a backend.
 *
 * @param kind  which store
 * @param text  the URL as given (never holds a password: one is refused)
 * @param path  for {@code file:} and {@code dir:}, the directory; else null
 */
public record StateUrl(Kind kind, String text, Path path) {
    public enum Kind {
        FILE("file"), DIR("dir"), S3("s3"), AZBLOB("azblob"), POSTGRES("postgres");

        final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }
    }

    static final String FORMS = "file:PATH, dir:PATH, s3://bucket/prefix, azblob://account/container/prefix or postgres://user@host:port/db";

    /** Whether runs go to a team store (leases, mirrored journals) rather than only to the local state directory. */
    public boolean shared() {
        return kind != Kind.FILE;
    }

    /** The URL as a {@link URI} for a backend factory (s3, azblob, postgres). */
    public URI uri() {
        return URI.create(text);
    }

    /** @throws StoreException (CONFIG) naming the URL and the forms that work */
    public static StateUrl parse(String text) {
        if (text == null || text.isBlank()) throw config("the state URL is empty", text);
        String t = text.strip();
        int colon = t.indexOf(':');
        String scheme = colon > 0 ? t.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        for (Kind k : Kind.values()) {
            if (!k.scheme.equals(scheme)) continue;
            String rest = t.substring(colon + 1);
            if (k == Kind.FILE || k == Kind.DIR) {
                if (rest.startsWith("//")) rest = rest.substring(2); // file:///tmp/x as well as file:/tmp/x
                if (rest.isBlank()) throw config("'" + t + "' names no directory", t);
                return new StateUrl(k, k.scheme + ":" + rest, Path.of(rest));
            }
            return new StateUrl(k, remote(k, t), null);
        }
        if (colon < 0 || t.startsWith("/") || t.startsWith(".")) {
            throw new StoreException(StoreException.Kind.CONFIG, "'" + t + "' is not a state URL: say file:" + t
                    + " for a local state directory or dir:" + t + " for a directory the team shares");
        }
        throw config("'" + shown(t) + "' is not a state URL I know", t);
    }

    private static String remote(Kind k, String t) {
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw config("'" + shown(t) + "' is not a valid URL (" + e.getReason().replace(t, shown(t)) + ")", t);
        }
        if (u.getRawAuthority() == null || u.getRawAuthority().isBlank()) throw config("'" + shown(t) + "' names no " + what(k), t);
        String userInfo = u.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            // the URL is printed in messages, journals and shell history; a password must never be part of it
            throw new StoreException(StoreException.Kind.CONFIG, "the state URL holds a password; remove it ("
                    + k.scheme + "://" + userInfo.substring(0, userInfo.indexOf(':')) + "@" + u.getRawAuthority().substring(u.getRawAuthority().indexOf('@') + 1)
                    + (u.getRawPath() == null ? "" : u.getRawPath()) + ") and give it with "
                    + (k == Kind.POSTGRES ? "PGPASSWORD or ~/.pgpass" : "the provider's usual credentials"));
        }
        // postgres:// takes its TLS settings in the query (sslmode, sslrootcert...; the store refuses a password there)
        if ((u.getRawQuery() != null && k != Kind.POSTGRES) || u.getRawFragment() != null) {
            throw config("'" + shown(t) + "' has a query or fragment (not shown: it may hold a token); settings and credentials come"
                    + " from the environment (see docs/state.md)", t);
        }
        if (u.getRawQuery() != null && u.getRawQuery().toLowerCase(Locale.ROOT).matches("(.*&)?password=.*")) {
            throw new StoreException(StoreException.Kind.CONFIG, "the state URL holds a password; remove it and give it with PGPASSWORD or ~/.pgpass");
        }
        if (k == Kind.AZBLOB && (u.getPath() == null || u.getPath().replaceAll("^/+", "").isEmpty())) {
            throw config("'" + shown(t) + "' names no container: azblob://account/container/prefix", t);
        }
        if (k == Kind.POSTGRES && (u.getPath() == null || u.getPath().replaceAll("^/+", "").isEmpty())) {
            throw config("'" + shown(t) + "' names no database: postgres://user@host:port/db", t);
        }
        return t;
    }

    private static String what(Kind k) {
        return switch (k) {
            case S3 -> "bucket (s3://bucket/prefix)";
            case AZBLOB -> "storage account (azblob://account/container/prefix)";
            case POSTGRES -> "host (postgres://user@host:port/db)";
            default -> "location";
        };
    }

    /**
     * The URL as a message may quote it: without its query or fragment (where a SAS token or a key would be, e.g. a
     * pasted {@code https://account.blob.core.windows.net/c?sv=...&sig=...}) and without a password.
     */
    static String shown(String t) {
        return t.replaceFirst("[?#].*$", "").replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@", "$1@");
    }

    private static StoreException config(String message, String text) {
        return new StoreException(StoreException.Kind.CONFIG, message + "; a state URL is one of " + FORMS);
    }

    @Override
    public String toString() {
        return text;
    }
}
