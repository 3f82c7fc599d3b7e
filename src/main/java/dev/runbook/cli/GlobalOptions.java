package dev.runbook.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts; stored once, on the root command. */
public final class GlobalOptions {
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces for internal errors.")
    boolean debug;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Plain output without colours (also: NO_COLOR=1).")
    boolean noColor;
}
