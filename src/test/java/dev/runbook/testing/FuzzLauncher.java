package dev.runbook.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz test method ({@code dev.runbook.parse.YamlFuzzTest#yamlReader}) on the JUnit platform without
 * Maven, for {@code bench/fuzz}: a long fuzzing run is then a plain {@code java} process over a copy of the
 * compiled classes, and builds in the worktree can go on beside it. Jazzer's settings come from system
 * properties ({@code -Djazzer.max_duration=...}), which JUnit reads as configuration parameters.
 */
public final class FuzzLauncher {
    private FuzzLauncher() {}

    public static void main(String[] args) throws ClassNotFoundException {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzLauncher package.Class#method");
            System.exit(2);
        }
        Class<?> type = Class.forName(args[0].substring(0, args[0].indexOf('#')));
        String name = args[0].substring(args[0].indexOf('#') + 1);
        java.lang.reflect.Method method = java.util.Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no method " + name + " in " + type.getName()));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(type, method)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary s = summary.getSummary();
        s.printFailuresTo(new java.io.PrintWriter(System.out, true), 40);
        System.out.println("fuzz-launcher: tests " + s.getTestsFoundCount() + ", failed " + s.getTotalFailureCount());
        System.exit(s.getTestsFoundCount() == 0 ? 3 : s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
