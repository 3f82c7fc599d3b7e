package dev.runbook.cli;

/** Entry point; the command tree is built by the foundation work. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
