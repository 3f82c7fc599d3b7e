package dev.runbook.ui;

/** Output formats of {@code runbook validate}. */
public enum ReportFormat {
    /** {@code path:line:col: error RB001: message} with the hint below, for people and editors. */
    TEXT,
    /** One JSON document, for scripts. */
    JSON,
    /** JUnit XML: one test case per file, for CI test reports. */
    JUNIT,
    /** GitHub Actions workflow commands: annotations on the pull request. */
    GITHUB,
    /** SARIF 2.1.0, for code scanning. */
    SARIF
}
