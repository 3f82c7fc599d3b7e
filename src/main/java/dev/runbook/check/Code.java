package dev.runbook.check;

import dev.runbook.check.Diagnostic.Severity;

/** Every diagnostic code, with its default severity and a one-line title (docs/checks.md explains each). */
public enum Code {
    YAML_SYNTAX("RB001", Severity.ERROR, "YAML syntax error"),
    EMPTY_FILE("RB002", Severity.ERROR, "empty file"),
    DUPLICATE_KEY("RB003", Severity.ERROR, "duplicate key"),
    ANCHOR_ALIAS("RB004", Severity.ERROR, "YAML anchors and aliases are not allowed"),
    TOO_LARGE("RB005", Severity.ERROR, "file too large or nested too deep"),
    MULTIPLE_DOCUMENTS("RB006", Severity.ERROR, "more than one YAML document"),
    UNREADABLE("RB007", Severity.ERROR, "file cannot be read"),
    YAML_TAG("RB008", Severity.ERROR, "YAML tags are not allowed"),
    NUMBER_RANGE("RB009", Severity.ERROR, "integer out of range"),

    UNKNOWN_FIELD("RB010", Severity.ERROR, "unknown field"),
    WRONG_TYPE("RB011", Severity.ERROR, "wrong type"),
    MISSING_FIELD("RB012", Severity.ERROR, "missing required field"),
    ID_MISMATCH("RB013", Severity.ERROR, "runbook id differs from the file name"),
    BAD_ID("RB014", Severity.ERROR, "malformed id"),
    BAD_SEVERITY("RB015", Severity.ERROR, "severity is not P0-P3"),
    BAD_DURATION("RB016", Severity.ERROR, "malformed duration"),
    BAD_VALUE("RB017", Severity.ERROR, "value not allowed here"),
    LEADING_ZERO("RB018", Severity.WARNING, "number written with a leading zero"),

    DUPLICATE_STEP("RB020", Severity.ERROR, "duplicate step id"),
    UNKNOWN_ACTION("RB021", Severity.ERROR, "unknown action"),
    UNKNOWN_ARGUMENT("RB022", Severity.ERROR, "unknown action argument"),
    MISSING_ARGUMENT("RB023", Severity.ERROR, "missing required action argument"),
    ARGUMENT_TYPE("RB024", Severity.ERROR, "action argument has the wrong type"),
    ARGUMENT_VALUE("RB025", Severity.ERROR, "action argument not among the allowed values"),
    EFFECT_LOWERED("RB026", Severity.ERROR, "effect lowered below the action's own"),

    PARAM_DEFAULT_TYPE("RB030", Severity.ERROR, "parameter default has the wrong type"),
    PARAM_DEFAULT_ENUM("RB031", Severity.ERROR, "parameter default is not in its enum"),
    PARAM_REQUIRED_DEFAULT("RB032", Severity.ERROR, "parameter is required and has a default"),
    PARAM_ENUM("RB033", Severity.ERROR, "malformed parameter enum"),
    PARAM_RESERVED("RB034", Severity.WARNING, "parameter name is a keyword in expressions"),

    EXPR_SYNTAX("RB040", Severity.ERROR, "expression syntax error"),
    UNKNOWN_PARAM("RB041", Severity.ERROR, "expression reads an undeclared parameter"),
    UNKNOWN_STEP("RB042", Severity.ERROR, "expression reads an unknown step"),
    STEP_NOT_BEFORE("RB043", Severity.ERROR, "expression reads a step that may not have run yet"),
    EXPR_TYPE("RB044", Severity.ERROR, "expression type error or unknown output"),
    IF_NOT_BOOL("RB045", Severity.ERROR, "if: is not a boolean expression"),
    UNKNOWN_ENV("RB046", Severity.ERROR, "expression reads an undeclared environment variable"),
    NULLABLE_OUTPUT_RENDERED("RB047", Severity.ERROR, "text writes an output that may be null, without a default"),

    UNKNOWN_NEED("RB050", Severity.ERROR, "needs names an unknown step"),
    CYCLE("RB051", Severity.ERROR, "needs form a cycle"),
    UNREACHABLE("RB052", Severity.ERROR, "step can never run"),
    NEED_LATER_PHASE("RB053", Severity.ERROR, "needs names a step of a later phase"),
    NEVER_RUNS("RB054", Severity.WARNING, "step is always skipped"),

    SECRET_SPLICED("RB060", Severity.ERROR, "secret parameter spliced into a command line (error) or URL (warning)"),
    WRITE_WITHOUT_UNDO("RB061", Severity.WARNING, "resolve step changes state and has no undo"),
    RETRY_NO_EFFECT("RB062", Severity.WARNING, "retry on a step whose outcome cannot change between tries"),
    UNDO_RAISES_EFFECT("RB063", Severity.WARNING, "the undo changes more than its step (its gate asks for the undo's effect)"),
    ESCALATION_NOTIFY("RB064", Severity.ERROR, "an escalation's notify: cannot be posted as written (URL not from a secret parameter, a step read, a bad value)"),

    SCENARIO_RUNBOOK("RB070", Severity.ERROR, "scenario is for another or an unknown runbook"),
    SCENARIO_STEP("RB071", Severity.ERROR, "scenario names a step its runbook does not have"),
    SCENARIO_ACTION("RB072", Severity.ERROR, "scenario names an action its runbook does not use"),
    SCENARIO_PARAMETER("RB073", Severity.ERROR, "scenario parameter undeclared by the runbook, or a required one missing"),
    SCENARIO_RESOURCE("RB074", Severity.ERROR, "scenario resource of a kind no action of the runbook uses"),
    SCENARIO_OUTPUT("RB075", Severity.ERROR, "scenario output the action does not declare"),
    SCENARIO_GATE("RB076", Severity.WARNING, "scenario expects a gate answer for a step that has no gate"),
    SCENARIO_CONFLICT("RB077", Severity.ERROR, "scenario expects contradictory things of one step");

    private final String id;
    private final Severity severity;
    private final String title;

    Code(String id, Severity severity, String title) {
        this.id = id;
        this.severity = severity;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }
}
