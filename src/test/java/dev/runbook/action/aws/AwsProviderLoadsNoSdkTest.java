package dev.runbook.action.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Reading the aws metadata (what validate, actions and --help do) must not load a single AWS SDK class. */
class AwsProviderLoadsNoSdkTest {
    /** A fresh loader over the test class path that records every class it is asked for. */
    static final class Recording extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        Recording(URL[] urls) {
            super("recording", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    static URL[] classPath() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) urls.add(new File(p).toURI().toURL());
        return urls.toArray(URL[]::new);
    }

    @Test
    void listing_the_catalogue_loads_no_software_amazon_class() throws Exception {
        try (Recording loader = new Recording(classPath())) {
            Class<?> catalogue = Class.forName("dev.runbook.action.Catalogue", true, loader);
            Object c = catalogue.getMethod("standard").invoke(null);
            List<?> specs = (List<?>) catalogue.getMethod("specs").invoke(c);
            assertThat(specs).isNotEmpty();
            assertThat(specs.toString()).contains("aws.route53.upsert-record");

            assertThat(loader.requested).contains("dev.runbook.action.aws.AwsProvider");
            assertThat(loader.requested).noneMatch(n -> n.startsWith("software.amazon."));
            assertThat(loader.requested).noneMatch(n -> n.startsWith("dev.runbook.action.aws.sdk."));
        }
    }

    @Test
    void the_recording_loader_does_see_sdk_classes_once_the_factory_loads() throws Exception {
        try (Recording loader = new Recording(classPath())) {
            Class<?> f = Class.forName("dev.runbook.action.aws.sdk.AwsActionFactory", true, loader);
            f.getDeclaredConstructor().newInstance();
            assertThat(loader.requested).anyMatch(n -> n.startsWith("software.amazon."));
            assertThat(Arrays.asList(f.getDeclaredConstructors())).isNotEmpty();
        }
    }
}
