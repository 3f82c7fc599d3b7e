package dev.runbook.ui;

import java.util.Map;

/**
 * The one rule for colour, used by the help text, every command's output and the run display: colour only on a
 * terminal, never with {@code --no-color}, never when {@code NO_COLOR} is set to a non-empty value
 * (no-color.org), never on {@code TERM=dumb}. Free of JLine and picocli so that {@code --help} loads nothing more.
 */
public final class ColorPolicy {
    private ColorPolicy() {}

    /**
     * @param noColorFlag whether {@code --no-color} was given
     * @param tty         whether the output goes to a terminal
     */
    public static boolean enabled(boolean noColorFlag, Map<String, String> env, boolean tty) {
        return tty && !disabled(noColorFlag, env);
    }

    /** Whether colour is ruled out whatever the output is: the flag, NO_COLOR or a dumb terminal. */
    public static boolean disabled(boolean noColorFlag, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return noColorFlag || (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
    }

    /** Whether standard output is a terminal, as far as the JDK can tell (both stdin and stdout on JDK 17-21). */
    public static boolean stdoutIsTerminal() {
        return System.console() != null;
    }
}
