package dev.runbook.action;

import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Everything known about an action without loading its implementation: the metadata that
 * {@code validate}, {@code actions}, the JSON Schema and dry-run predictions use.
 *
 * @param provider              the provider id ("aws", "http", ...): decides which class loader builds it
 * @param authorDeclaresEffect  true for shell/manual: the step's {@code effect:} sets the effect, {@code effect} is the default
 * @param before                state fields the plan reads before a change ({@code steps.<id>.before.*})
 * @param targetParam           for destructive actions: the argument whose value the operator types at the gate
 * @param ownUndo               the implementation returns its own inverse from {@link Action#undo}, so a step needs no {@code undo:}
 * @param nothingToUndo         why a mutating action leaves nothing to revert (a restart, a restore into a new resource), or null
 * @param argumentsOnly         the outcome depends on the step's arguments alone (assert, message), so retrying cannot change it
 * @param consumes              arguments the action only hands on (a password to log in, a value written to a vault) and never
 *                              derives an output from: a secret in them alone does not make the step's outputs secret
 * @param findings              how a result is summarised for the operator (which outputs, as fields, a table or a tail)
 * @param subject               what a call works on, in words, from its arguments (the post-mortem's "Target" of a change)
 */
public record ActionSpec(
        String name,
        String provider,
        Effect effect,
        String description,
        List<ParamSpec> parameters,
        List<OutputSpec> outputs,
        List<OutputSpec> before,
        Duration defaultTimeout,
        boolean authorDeclaresEffect,
        String targetParam,
        boolean ownUndo,
        String nothingToUndo,
        boolean argumentsOnly,
        Set<String> consumes,
        Findings findings,
        Subject subject) {

    public ActionSpec {
        consumes = consumes == null ? Set.of() : Set.copyOf(consumes);
        findings = findings == null ? Findings.NONE : findings;
        subject = subject == null ? Subject.REQUIRED_TEXT : subject;
        parameters = List.copyOf(parameters);
        outputs = List.copyOf(outputs);
        before = List.copyOf(before);
    }

    // loops, not streams: validate asks once per argument of every step
    public Optional<ParamSpec> parameter(String n) {
        for (ParamSpec p : parameters) if (p.name().equals(n)) return Optional.of(p);
        return Optional.empty();
    }

    /** What a call with these (rendered) arguments works on, in words, or null when nothing names it. */
    public String subjectOf(java.util.Map<String, Object> args) {
        return subject.render(args, parameters);
    }

    public Optional<OutputSpec> output(String n) {
        for (OutputSpec o : outputs) if (o.name().equals(n)) return Optional.of(o);
        return Optional.empty();
    }

    public static Builder builder(String name, Effect effect) {
        return new Builder(name, effect);
    }

    /** Fluent construction for provider catalogues. */
    public static final class Builder {
        private final String name;
        private final Effect effect;
        private String description = "";
        private final List<ParamSpec> params = new ArrayList<>();
        private final List<OutputSpec> outputs = new ArrayList<>();
        private final List<OutputSpec> before = new ArrayList<>();
        private Duration timeout = Duration.ofMinutes(1);
        private boolean authorDeclaresEffect;
        private String targetParam;
        private boolean ownUndo;
        private String nothingToUndo;
        private boolean argumentsOnly;
        private final Set<String> consumes = new LinkedHashSet<>();
        private Findings findings = Findings.NONE;
        private Subject subject = Subject.REQUIRED_TEXT;

        private Builder(String name, Effect effect) {
            this.name = name;
            this.effect = effect;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public Builder required(String n, ParamType t, String d) {
            params.add(ParamSpec.required(n, t, d));
            return this;
        }

        public Builder optional(String n, ParamType t, Object def, String d) {
            params.add(ParamSpec.optional(n, t, def, d));
            return this;
        }

        public Builder param(ParamSpec p) {
            params.add(p);
            return this;
        }

        public Builder output(String n, ParamType t, String d) {
            outputs.add(OutputSpec.of(n, t, d));
            return this;
        }

        /** An output the action may return as null. */
        public Builder outputOrNull(String n, ParamType t, String d) {
            outputs.add(OutputSpec.orNull(n, t, d));
            return this;
        }

        /** A map output whose entries may be null (a field the response left out). */
        public Builder outputEntriesOrNull(String n, ParamType t, String d) {
            outputs.add(OutputSpec.entriesOrNull(n, t, d));
            return this;
        }

        public Builder before(String n, ParamType t, String d) {
            before.add(OutputSpec.of(n, t, d));
            return this;
        }

        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        public Builder authorDeclaresEffect() {
            this.authorDeclaresEffect = true;
            return this;
        }

        public Builder target(String paramName) {
            this.targetParam = paramName;
            return this;
        }

        /** The implementation knows its inverse (scale back to before.workers); rollback uses it when the step has no undo:. */
        public Builder ownUndo() {
            this.ownUndo = true;
            return this;
        }

        /** The change leaves no state to revert; {@code reason} is shown by show/actions and silences RB061. */
        public Builder nothingToUndo(String reason) {
            this.nothingToUndo = reason;
            return this;
        }

        /** The outcome depends on the arguments alone: {@code retry:} on such a step only repeats the same answer (RB062). */
        public Builder argumentsOnly() {
            this.argumentsOnly = true;
            return this;
        }

        /**
         * These arguments are only handed on (credentials, a value stored elsewhere), never reflected in an output, so a
         * secret in them does not taint the outputs; the outputs' content is still checked for secrets.
         */
        public Builder consumes(String... paramNames) {
            consumes.addAll(List.of(paramNames));
            return this;
        }

        /** What the operator sees of a result under the step line: see {@link Findings}. */
        public Builder findings(Findings f) {
            this.findings = f;
            return this;
        }

        /** What a call works on, in words: see {@link Subject} ({@code "{resourceGroup}/{name}"}, {@code "local shell: {command}"}). */
        public Builder subject(String... templates) {
            this.subject = Subject.of(templates);
            return this;
        }

        /** Shorthand for {@code findings(Findings.fields(names))}: a few outputs as key: value. */
        public Builder shows(String... names) {
            return findings(Findings.fields(names));
        }

        public ActionSpec build() {
            String provider = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            return new ActionSpec(name, provider, effect, description, params, outputs, before, timeout, authorDeclaresEffect, targetParam, ownUndo, nothingToUndo, argumentsOnly, consumes, findings, subject);
        }
    }
}
