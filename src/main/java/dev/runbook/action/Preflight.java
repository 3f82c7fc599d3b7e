package dev.runbook.action;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a provider is asked before the first step of a real run or dry run: which of the things it needs
 * (credentials, subscription, region) are surely missing. It reads settings, the environment and local files only:
 * no SDK is loaded and nothing leaves the machine, so it costs nothing and can report everything at once.
 *
 * @param settings the run's provider settings ({@code azure.subscription}, {@code aws.region}, ...)
 * @param env      the process environment
 * @param steps    each step of the runbook that uses this provider, with the argument names its {@code with:} gives
 * @param home     the user's home folder (where {@code ~/.azure} and {@code ~/.aws} are)
 */
public record Preflight(Map<String, String> settings, Map<String, String> env, List<StepUse> steps, Path home) {

    public record StepUse(String step, String action, Set<String> args) {}

    /** One missing thing and what to do about it. */
    public record Need(String what, String fix) {
        @Override
        public String toString() {
            return what + ": " + fix;
        }
    }

    public String setting(String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String env(String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * Whether this machine is a cloud VM of {@code vendor} (DMI says so), where an instance identity may sign in
     * without anything on disk or in the environment; the preflight then does not call the credential missing.
     */
    public static boolean cloudVm(String vendor) {
        for (String f : List.of("/sys/class/dmi/id/sys_vendor", "/sys/class/dmi/id/bios_vendor", "/sys/class/dmi/id/board_vendor")) {
            try {
                Path p = Path.of(f);
                if (Files.isReadable(p) && new String(dev.runbook.parse.InputFiles.read(p, 4096, "a DMI file"), java.nio.charset.StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT).contains(vendor.toLowerCase(Locale.ROOT))) return true;
            } catch (IOException | RuntimeException e) {
                // unreadable: not known to be one
            }
        }
        return false;
    }
}
