package dev.runbook.state;

import dev.runbook.action.ProviderLoader;
import java.util.Map;

/**
 * Opens the team store a {@link StateUrl} names. The cloud stores are loaded by class name through their provider's
 * class loader on first use (as actions are), so nothing of an SDK loads until a command needs the store.
 */
public final class StateStores {
    /** The environment variable that names the state store when {@code --state} is not given. */
    public static final String ENV = "RUNBOOK_STATE";

    private StateStores() {}

    /** The store; {@code file:} names no store (the caller keeps today's local directory). */
    public static ObjectStore open(StateUrl url, Map<String, String> env) {
        return switch (url.kind()) {
            case FILE -> throw new IllegalArgumentException("file: is the local state directory, not a store");
            case DIR -> new FileObjectStore(url.path());
            case S3 -> factory("aws", "dev.runbook.state.s3.S3StoreFactory", "s3").open(url.uri(), env);
            case AZBLOB -> factory("azure", "dev.runbook.state.azblob.BlobStoreFactory", "azblob").open(url.uri(), env);
            case POSTGRES -> factory("postgres", "dev.runbook.state.postgres.PgStoreFactory", "postgres").open(url.uri(), env);
        };
    }

    private static ObjectStoreFactory factory(String provider, String className, String scheme) {
        try {
            Class<?> c = Class.forName(className, true, ProviderLoader.forProvider(provider));
            return (ObjectStoreFactory) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new StoreException(StoreException.Kind.CONFIG, "the " + scheme + ":// state store is not part of this build of runbook ("
                    + className + " is missing); use a release that has it, or file:/dir: state");
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new StoreException(StoreException.Kind.CONFIG, "the " + scheme + ":// state store is not installed correctly ("
                    + className + ": " + e + "); reinstall runbook", e);
        }
    }
}
