package dev.runbook.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Times inputs of one fuzz target in a warm JVM, for {@code bench/fuzz}: a libFuzzer timeout on a loaded machine may
 * be the first use of a class (loaded and instrumented while the clock runs) rather than slow code. It runs every
 * seed of the target three times, then each input given five times, and prints the slowest and fastest run in
 * milliseconds and how it ended. Usage: {@code FuzzReplay package.Class#method FILE...}.
 */
public final class FuzzReplay {
    private FuzzReplay() {}

    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0].substring(0, args[0].indexOf('#')));
        String name = args[0].substring(args[0].indexOf('#') + 1);
        Method m = type.getDeclaredMethod(name, byte[].class);
        m.setAccessible(true);
        Constructor<?> c = type.getDeclaredConstructor();
        c.setAccessible(true);
        Object target = c.newInstance();
        Path inputs = Path.of("src/test/resources", type.getPackageName().replace('.', '/'), type.getSimpleName() + "Inputs");
        List<Path> seeds = new ArrayList<>();
        for (Path dir : List.of(inputs, inputs.resolve(name))) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().matches("(timeout|slow-unit|crash)-.*")).forEach(seeds::add);
            }
        }
        for (int round = 0; round < 3; round++) {
            for (Path p : seeds) run(m, target, Files.readAllBytes(p));
        }
        for (int i = 1; i < args.length; i++) {
            byte[] data = Files.readAllBytes(Path.of(args[i]));
            long max = 0;
            long min = Long.MAX_VALUE;
            String outcome = "";
            for (int k = 0; k < 5; k++) {
                long t0 = System.nanoTime();
                outcome = run(m, target, data);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                max = Math.max(max, ms);
                min = Math.min(min, ms);
            }
            System.out.printf("%s: slowest %d ms, fastest %d ms, %s%n", args[i], max, min, outcome);
        }
    }

    private static String run(Method m, Object target, byte[] data) throws IllegalAccessException {
        try {
            m.invoke(target, (Object) data);
            return "returned";
        } catch (InvocationTargetException e) {
            return "threw " + e.getCause();
        }
    }
}
