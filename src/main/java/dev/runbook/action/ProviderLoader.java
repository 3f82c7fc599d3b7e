package dev.runbook.action;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the class loader for a provider's implementation. When the launcher sets
 * {@code -Drunbook.providers=DIR} and {@code DIR/<id>/} holds jars, they get a class loader of their
 * own, created on first use, so SDK jars never sit on the start-up class path. Otherwise
 * (tests, a fat class path) the application class loader is used.
 */
public final class ProviderLoader {
    private ProviderLoader() {}

    public static ClassLoader forProvider(String id) {
        ClassLoader parent = ProviderLoader.class.getClassLoader();
        String dir = System.getProperty("runbook.providers");
        if (dir == null) return parent;
        Path folder = Path.of(dir, id);
        if (!Files.isDirectory(folder)) return parent;
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(folder)) {
            for (Path p : (Iterable<Path>) jars.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                urls.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read provider folder " + folder + ": " + e.getMessage(), e);
        }
        return urls.isEmpty() ? parent : new URLClassLoader("runbook-" + id, urls.toArray(URL[]::new), parent);
    }

    public static ActionFactory factory(Provider provider) {
        ClassLoader loader = forProvider(provider.id());
        try {
            Class<?> c = Class.forName(provider.factoryClass(), true, loader);
            return (ActionFactory) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the " + provider.id() + " provider is not installed correctly ("
                    + provider.factoryClass() + ": " + e + "); reinstall runbook", e);
        }
    }
}
