package dev.runbook.model;

import java.time.Duration;

public record Escalation(Duration after, String to, SourcePosition pos) {}
