package dev.runbook.model;

/** A compensating action for a resolve step: same shape as a step, no id. */
public record UndoStep(String uses, Node.Mapping with, SourcePosition pos) {}
