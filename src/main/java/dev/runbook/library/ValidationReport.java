package dev.runbook.library;

import java.util.List;

/** Every file checked by one {@code validate}, in the order given. */
public record ValidationReport(List<FileReport> files) {
    public ValidationReport {
        files = List.copyOf(files);
    }

    public long errors() {
        return files.stream().mapToLong(FileReport::errors).sum();
    }

    public long warnings() {
        return files.stream().mapToLong(FileReport::warnings).sum();
    }

    public boolean clean() {
        return errors() == 0;
    }
}
