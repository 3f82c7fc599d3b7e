package dev.runbook.importer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names for the placeholders a page writes: {@code <resource-group>} → resourceGroup, {@code YOUR_APP_NAME} → appName. */
final class Placeholders {
    private Placeholders() {}

    /** {@code {resourceGroup}} (not {@code ${...}}), outside single quotes. */
    static final Pattern BRACES = Pattern.compile("(?<![$\\w{])\\{([A-Za-z_][A-Za-z0-9_]*)\\}(?!})");
    /** {@code YOUR_APP_NAME}, {@code MY-CLUSTER}, {@code APP_NAME_HERE}. */
    static final Pattern CAPS = Pattern.compile("\\b(?:YOUR|MY)[_-][A-Z0-9][A-Z0-9_-]*\\b|\\b[A-Z][A-Z0-9_]*_HERE\\b");
    private static final Pattern SECRET = Pattern.compile("PASSWORD|PASSWD|TOKEN|SECRET|KEY|CREDENTIAL");
    /** Shell variables a page reads from the operator's environment rather than asking for. */
    static final Set<String> ENVIRONMENT = Set.of("HOME", "PATH", "USER", "PWD", "SHELL", "HOSTNAME", "TMPDIR", "LANG", "TERM", "OLDPWD", "UID", "RANDOM", "IFS");

    static String name(String raw) {
        String r = raw;
        // ERB/Jinja: node['app'], .Values.app.name → the last name
        Matcher last = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)['\"\\]]*$").matcher(r);
        if (last.find()) r = last.group(1);
        r = r.replaceFirst("^(?i)(your|my)[_-]", "").replaceFirst("(?i)[_-]here$", "");
        String[] parts = java.util.Arrays.stream(r.split("[^A-Za-z0-9]+")).filter(x -> !x.isEmpty()).toArray(String[]::new);
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty()) continue;
            boolean allCaps = p.equals(p.toUpperCase(Locale.ROOT));
            String w = allCaps || parts.length > 1 ? p.toLowerCase(Locale.ROOT) : p;
            if (b.length() == 0) b.append(Character.toLowerCase(w.charAt(0))).append(w.substring(1));
            else b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        if (b.length() == 0) return "value";
        if (!Character.isLetter(b.charAt(0))) b.insert(0, 'p');
        return b.toString();
    }

    static boolean secret(String raw) {
        return SECRET.matcher(raw.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "")).find();
    }

    /** resourceGroup → RESOURCE_GROUP: how a shell script reads a parameter passed through env:. */
    static String envName(String param) {
        return param.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
