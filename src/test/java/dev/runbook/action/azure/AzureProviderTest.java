package dev.runbook.action.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Provider;
import dev.runbook.model.Effect;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AzureProviderTest {
    private final Map<String, ActionSpec> specs = new AzureProvider().specs().stream()
            .collect(Collectors.toMap(ActionSpec::name, Function.identity()));

    @Test
    void declares_every_action_of_the_issue() {
        assertThat(specs).containsKeys("azure.whoami", "azure.webapp.get", "azure.webapp.restart", "azure.webapp.stop",
                "azure.webapp.start", "azure.webapp.swap-slot", "azure.appservice.plan.get", "azure.appservice.plan.scale",
                "azure.postgres.flexible.get", "azure.postgres.flexible.restore", "azure.redis.get", "azure.redis.reboot",
                "azure.keyvault.secret.describe", "azure.keyvault.secret.rotate", "azure.servicebus.queue.get",
                "azure.monitor.logs-query", "azure.monitor.metric");
        assertThat(specs.values()).allSatisfy(s -> {
            assertThat(s.provider()).isEqualTo("azure");
            assertThat(s.description()).isNotBlank();
            assertThat(s.defaultTimeout()).isPositive();
        });
    }

    @Test
    void destructive_actions_name_the_argument_the_operator_types() {
        assertThat(specs.values().stream().filter(s -> s.effect() == Effect.DESTRUCTIVE).map(ActionSpec::name))
                .containsExactlyInAnyOrder("azure.webapp.stop", "azure.webapp.swap-slot", "azure.redis.reboot");
        assertThat(specs.values()).filteredOn(s -> s.effect() == Effect.DESTRUCTIVE)
                .allSatisfy(s -> assertThat(s.parameter(s.targetParam())).isPresent());
    }

    @Test
    void write_actions_declare_the_state_their_plan_reads() {
        assertThat(specs.values()).filteredOn(s -> s.effect().mutates()).allSatisfy(s -> assertThat(s.before()).isNotEmpty());
        assertThat(specs.get("azure.appservice.plan.scale").before()).extracting(o -> o.name()).contains("workers", "sku");
    }

    @Test
    void is_registered_for_the_service_loader() {
        List<Provider> found = new ArrayList<>();
        ServiceLoader.load(Provider.class).forEach(found::add);
        assertThat(found).anyMatch(p -> p instanceof AzureProvider);
    }

    @Test
    void loading_the_provider_and_its_catalogue_loads_no_azure_sdk_class() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        List<String> loaded = Collections.synchronizedList(new ArrayList<>());
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                loaded.add(name);
                return super.loadClass(name, resolve);
            }
        }) {
            Class<?> provider = Class.forName(AzureProvider.class.getName(), true, isolated);
            Object instance = provider.getDeclaredConstructor().newInstance();
            Class<?> catalogue = Class.forName(Catalogue.class.getName(), true, isolated);
            Object cat = catalogue.getConstructor(List.class).newInstance(List.of(instance));
            Object names = catalogue.getMethod("names").invoke(cat);
            assertThat((List<?>) names).hasSizeGreaterThan(15);
        }
        assertThat(loaded).isNotEmpty().noneMatch(n -> n.startsWith("com.azure") || n.startsWith("reactor."));
    }
}
