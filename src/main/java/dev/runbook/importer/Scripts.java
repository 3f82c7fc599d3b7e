package dev.runbook.importer;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line that needs {@code sh -c}: its placeholders become environment variables the script reads, each filled
 * from a parameter through {@code env:} (so no value is spliced into the script, and a secret never is).
 */
final class Scripts {
    private Scripts() {}

    record Script(String script, Map<String, Object> env) {}

    private static final Pattern ANGLE = Pattern.compile("<([A-Za-z][A-Za-z0-9_.-]*)>");
    private static final Pattern JINJA = Pattern.compile("\\{\\{-?\\s*\\.?([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:\\|[^}]*)?-?}}");
    private static final Pattern ERB = Pattern.compile("<%=?-?\\s*@?([A-Za-z_][A-Za-z0-9_.\\[\\]'\"]*)\\s*-?%>");
    private static final Pattern VAR = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    static Script rewrite(String text, Params params, int line) {
        Map<String, Object> env = new LinkedHashMap<>();
        String s = text;
        for (Pattern p : new Pattern[] {ERB, JINJA, ANGLE, Placeholders.BRACES, Placeholders.CAPS}) {
            Matcher m = p.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                Draft.Param dp = params.placeholder(m.group(), line);
                String var = Placeholders.envName(dp.name);
                env.put(var, "${params." + dp.name + "}");
                m.appendReplacement(b, Matcher.quoteReplacement("\u0000{" + var + "}"));
            }
            m.appendTail(b);
            s = b.toString();
        }
        Set<String> local = new LinkedHashSet<>();
        Matcher assigned = Pattern.compile("(?:^|[\\s;&|(])(?:for\\s+|read\\s+(?:-\\w+\\s+)*)?([A-Za-z_][A-Za-z0-9_]*)(?==|\\s+in\\b)").matcher(s);
        while (assigned.find()) local.add(assigned.group(1));
        Matcher v = VAR.matcher(s);
        while (v.find()) {
            String name = v.group(1) != null ? v.group(1) : v.group(3);
            if (local.contains(name) || Placeholders.ENVIRONMENT.contains(name) || env.containsKey(name)) continue;
            Draft.Param dp = params.use(Placeholders.name(name), "$" + name, line, "string");
            if (v.group(2) != null && dp.defaultValue == null && !dp.declared) {
                dp.defaultValue = v.group(2);
                dp.required = false;
            }
            if (dp.description == null) dp.description = "$" + name + " on the page";
            if (dp.todos.isEmpty() && dp.defaultValue == null && !dp.declared) {
                dp.todos.add("$" + name + " (line " + line + "): type string is a guess; give a default or keep it required");
            }
            env.put(name, "${params." + dp.name + "}");
        }
        String script = Templates.literal(s).replace("\u0000{", "$${");
        return new Script(script, env);
    }
}
