package dev.runbook.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** The runbook {@code runbook new} writes: the seed template's sections, valid as written. */
public final class Skeleton {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private Skeleton() {}

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String render(String id, String title) {
        String t = title != null ? title : defaultTitle(id);
        return template().replace("{{id}}", id).replace("{{title}}", yamlText(t));
    }

    static String defaultTitle(String id) {
        String words = id.replace('-', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    private static String yamlText(String s) {
        boolean plain = s.matches("[A-Za-z0-9][A-Za-z0-9 ,.()/_-]*") && !s.contains(": ");
        return plain ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String template() {
        try (InputStream in = Skeleton.class.getResourceAsStream("/dev/runbook/library/new-runbook.yaml")) {
            if (in == null) throw new IllegalStateException("the runbook template is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
