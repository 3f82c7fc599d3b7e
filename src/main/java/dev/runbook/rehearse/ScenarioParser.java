package dev.runbook.rehearse;

import dev.runbook.action.sim.Fault;
import dev.runbook.action.sim.ResourceId;
import dev.runbook.action.sim.SimOverride;
import dev.runbook.action.sim.SimSetup;
import dev.runbook.action.sim.WorldChange;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Durations;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import dev.runbook.parse.AnswersBinding;
import dev.runbook.parse.Binder;
import dev.runbook.parse.InputFiles;
import dev.runbook.parse.RunbookParser;
import dev.runbook.parse.YamlReader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario file → {@link Scenario}, with the same safe YAML reader as runbooks and diagnostics for
 * every structural problem (positions, did-you-mean). Whether the names exist in the runbook is
 * {@link ScenarioChecker}'s job. Never throws on bad input.
 */
public final class ScenarioParser {
    static final List<String> FIELDS = List.of("scenario", "runbook", "description", "parameters", "resources", "changes", "steps",
            "actions", "expect", "answers");
    static final List<String> OVERRIDE_FIELDS = List.of("outputs", "set", "fault", "latency");
    static final List<String> FAULT_FIELDS = List.of("kind", "times", "message");
    static final List<String> CHANGE_FIELDS = List.of("when", "after", "set");
    static final List<String> WHEN_FIELDS = List.of("step", "resource", "is");
    static final List<String> EXPECT_FIELDS = List.of("outcome", "run", "skip", "approve", "refuse", "within");
    private static final Pattern CALLS = Pattern.compile("(\\d+)\\s*calls?");

    /** The outcome of reading one scenario file; {@code scenario} is present when the file was a mapping. */
    public record Result(Optional<Scenario> scenario, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private final String file;
    /** The positioned binding primitives runbooks and --answers files are bound with too. */
    private final Binder binder = new Binder();
    private final List<Scenario.Ref> refs = new ArrayList<>();

    private ScenarioParser(String file) {
        this.file = file;
    }

    public static final long MAX_BYTES = 1 * InputFiles.MIB;

    public static Result parse(Path path) {
        String name = path.toString();
        SourcePosition top = new SourcePosition(name, 1, 1);
        byte[] bytes;
        try {
            bytes = InputFiles.read(path, MAX_BYTES, "a scenario (a page of YAML)");
        } catch (InputFiles.Unreadable e) {
            return failed(Diagnostic.of(e.tooLarge() ? Code.TOO_LARGE : Code.UNREADABLE, top, e.reason(), null));
        }
        try {
            CharBuffer text = RunbookParser.decode(bytes);
            return bind(name, YamlReader.read(name, text.array(), text.position()));
        } catch (CharacterCodingException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, top, "the file is not UTF-8 text", "save it as UTF-8"));
        }
    }

    public static Result parse(String file, String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        return bind(file, YamlReader.read(file, text));
    }

    private static Result bind(String file, YamlReader.Result yaml) {
        List<Diagnostic> all = new ArrayList<>(yaml.diagnostics());
        if (yaml.root().isEmpty()) return new Result(Optional.empty(), all);
        ScenarioParser p = new ScenarioParser(file);
        Scenario s = p.scenario(yaml.root().get());
        all.addAll(p.binder.diagnostics());
        return new Result(Optional.ofNullable(s), all);
    }

    private static Result failed(Diagnostic d) {
        return new Result(Optional.empty(), List.of(d));
    }

    private Scenario scenario(Node root) {
        if (!(root instanceof Node.Mapping m)) {
            error(Code.WRONG_TYPE, root.pos(), "a scenario is a mapping of fields, found " + describe(root),
                    "start with 'scenario: <id>' and 'runbook: <runbook id>'");
            return null;
        }
        unknownFields(m, FIELDS, "scenario");
        String id = requiredId(m, "scenario");
        String expectedId = fileId();
        if (id != null && expectedId != null && !id.equals(expectedId)) {
            error(Code.ID_MISMATCH, m.get("scenario").pos(), "scenario id '" + id + "' differs from the file name '" + expectedId + "'",
                    "rename the file or write 'scenario: " + expectedId + "'");
        }
        String runbook = requiredId(m, "runbook");
        String folder = folderName();
        if (runbook != null && folder != null && !runbook.equals(folder)) {
            error(Code.SCENARIO_RUNBOOK, m.get("runbook").pos(), "scenario is for runbook '" + runbook + "' but sits in scenarios/" + folder + "/",
                    "move it to scenarios/" + runbook + "/ or write 'runbook: " + folder + "'");
        }
        String description = text(m, "description");
        Map<String, Object> params = new LinkedHashMap<>();
        Node.Mapping pm = mapping(m.get("parameters"), "parameters", "write 'parameters:' then '  app: api-prod'");
        if (pm != null) {
            pm.entries().forEach((k, v) -> {
                params.put(k, v.toPlain());
                refs.add(new Scenario.Ref(Scenario.RefKind.PARAMETER, k, null, "parameters", pm.keyPos(k)));
            });
        }
        Map<ResourceId, Map<String, Object>> resources = resources(m.get("resources"), "resources");
        List<WorldChange> changes = changes(m.get("changes"));
        Map<String, SimOverride> steps = overrides(m.get("steps"), Scenario.RefKind.STEP, "steps");
        Map<String, SimOverride> actions = overrides(m.get("actions"), Scenario.RefKind.ACTION, "actions");
        Expectation expect = expect(m.get("expect"));
        ScriptedAnswers answers = answers(m.get("answers"));
        return new Scenario(id, runbook, description, params, new SimSetup(resources, changes, steps, actions), expect, answers, file, m.pos(), refs);
    }

    private Map<ResourceId, Map<String, Object>> resources(Node node, String where) {
        Map<ResourceId, Map<String, Object>> res = new LinkedHashMap<>();
        Node.Mapping m = mapping(node, where, "write '" + where + ":' then '  azure.webapp/api-prod: { state: Stopped }'");
        if (m == null) return res;
        m.entries().forEach((key, value) -> {
            SourcePosition at = m.keyPos(key);
            Optional<ResourceId> id = ResourceId.parse(key);
            if (id.isEmpty()) {
                error(Code.BAD_VALUE, at, "'" + key + "' is not a resource: write kind/name", "e.g. azure.webapp/api-prod or http.endpoint/https://api.example.com/health");
                return;
            }
            refs.add(new Scenario.Ref(Scenario.RefKind.RESOURCE_KIND, id.get().kind(), null, where, at));
            if (value instanceof Node.Scalar s && s.value() == null) {
                res.put(id.get(), Map.of());
                return;
            }
            if (!(value instanceof Node.Mapping props)) {
                error(Code.WRONG_TYPE, value.pos(), "the properties of " + key + " must be a mapping, found " + describe(value),
                        "write '" + key + ": { state: Running }'");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) props.toPlain();
            res.put(id.get(), plain);
        });
        return res;
    }

    private List<WorldChange> changes(Node node) {
        List<WorldChange> list = new ArrayList<>();
        if (node == null) return list;
        if (!(node instanceof Node.Sequence seq)) {
            error(Code.WRONG_TYPE, node.pos(), "'changes' is a list, found " + describe(node), "write '- when: { step: restart }' with 'set:' below it");
            return list;
        }
        for (Node item : seq.items()) {
            if (!(item instanceof Node.Mapping c)) {
                error(Code.WRONG_TYPE, item.pos(), "a change is a mapping {when, after, set}, found " + describe(item), null);
                continue;
            }
            unknownFields(c, CHANGE_FIELDS, "change");
            WorldChange.Trigger when = trigger(c.get("when"));
            int calls = 0;
            Duration time = Duration.ZERO;
            Node after = c.get("after");
            if (after != null) {
                String text = after instanceof Node.Scalar s && s.value() != null ? String.valueOf(s.value()).trim() : null;
                Matcher cm = text == null ? null : CALLS.matcher(text);
                if (cm != null && cm.matches()) {
                    calls = Integer.parseInt(cm.group(1));
                } else if (text != null && Durations.parse(text).isPresent()) {
                    time = Durations.parse(text).get();
                } else {
                    error(Code.BAD_DURATION, after.pos(), "'after' must be a duration or a number of calls, found " + describe(after),
                            "write 'after: 90s' (simulated time) or 'after: 2 calls' (reads of the changed resources)");
                }
            }
            if (c.get("set") == null) {
                error(Code.MISSING_FIELD, c.pos(), "the change has no 'set'", "say what changes: 'set: { http.endpoint/URL: { status: 200 } }'");
            }
            Map<ResourceId, Map<String, Object>> set = resources(c.get("set"), "changes.set");
            if (when != null) list.add(new WorldChange(when, calls, time, set, c.pos()));
        }
        return list;
    }

    private WorldChange.Trigger trigger(Node node) {
        if (node == null) return new WorldChange.Start();
        if (!(node instanceof Node.Mapping w)) {
            error(Code.WRONG_TYPE, node.pos(), "'when' is a mapping, found " + describe(node),
                    "write 'when: { step: restart }' or 'when: { resource: azure.webapp/api-prod, is: { state: Running } }'");
            return null;
        }
        unknownFields(w, WHEN_FIELDS, "when");
        Node step = w.get("step");
        Node resource = w.get("resource");
        if ((step == null) == (resource == null)) {
            error(Code.BAD_VALUE, w.pos(), "'when' needs exactly one of 'step' or 'resource'", "leave 'when' out for a change that counts from the start");
            return null;
        }
        if (step != null) {
            String s = string(step, "step");
            if (s == null) return null;
            refs.add(new Scenario.Ref(Scenario.RefKind.STEP, s, null, "changes.when", step.pos()));
            return new WorldChange.StepSucceeded(s);
        }
        String r = string(resource, "resource");
        Optional<ResourceId> id = r == null ? Optional.empty() : ResourceId.parse(r);
        if (id.isEmpty()) {
            if (r != null) error(Code.BAD_VALUE, resource.pos(), "'" + r + "' is not a resource: write kind/name", null);
            return null;
        }
        refs.add(new Scenario.Ref(Scenario.RefKind.RESOURCE_KIND, id.get().kind(), null, "changes.when", resource.pos()));
        Node is = w.get("is");
        Node.Mapping im = is == null ? null : mapping(is, "is", "write 'is: { state: Running }'");
        if (im == null) {
            if (is == null) error(Code.MISSING_FIELD, w.pos(), "'when: resource' needs 'is:' with the properties to wait for", "e.g. 'is: { state: Running }'");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) im.toPlain();
        return new WorldChange.ResourceIs(id.get(), props);
    }

    private Map<String, SimOverride> overrides(Node node, Scenario.RefKind kind, String where) {
        Map<String, SimOverride> map = new LinkedHashMap<>();
        Node.Mapping m = mapping(node, where, "write '" + where + ":' then '  restart: { fault: transient }'");
        if (m == null) return map;
        m.entries().forEach((name, value) -> {
            refs.add(new Scenario.Ref(kind, name, null, where, m.keyPos(name)));
            if (!(value instanceof Node.Mapping o)) {
                error(Code.WRONG_TYPE, value.pos(), where + " '" + name + "' must be a mapping of outputs, set, fault, latency, found " + describe(value), null);
                return;
            }
            unknownFields(o, OVERRIDE_FIELDS, where + " '" + name + "'");
            Map<String, Object> outputs = new LinkedHashMap<>();
            Node.Mapping om = mapping(o.get("outputs"), "outputs", "write 'outputs: { state: Running }'");
            if (om != null) {
                om.entries().forEach((k, v) -> {
                    outputs.put(k, v.toPlain());
                    refs.add(new Scenario.Ref(Scenario.RefKind.OUTPUT, k, name, where, om.keyPos(k)));
                });
            }
            Map<ResourceId, Map<String, Object>> set = resources(o.get("set"), where + "." + name + ".set");
            Fault fault = fault(o.get("fault"));
            Duration latency = duration(o, "latency");
            map.put(name, new SimOverride(outputs, set, fault, latency, m.keyPos(name)));
        });
        return map;
    }

    private Fault fault(Node node) {
        if (node == null) return null;
        String kindText;
        Node kindNode = node;
        Integer times = null;
        String message = null;
        if (node instanceof Node.Mapping f) {
            unknownFields(f, FAULT_FIELDS, "fault");
            kindNode = f.get("kind");
            if (kindNode == null) {
                error(Code.MISSING_FIELD, f.pos(), "the fault has no 'kind'", "write 'kind: transient', 'permanent' or 'timeout'");
                return null;
            }
            Node t = f.get("times");
            if (t != null) {
                if (t instanceof Node.Scalar s && s.value() instanceof Long l && l >= 1 && l < Integer.MAX_VALUE) {
                    times = l.intValue();
                } else if (t instanceof Node.Scalar s && "always".equals(s.value())) {
                    times = Fault.ALWAYS;
                } else {
                    error(Code.BAD_VALUE, t.pos(), "'times' must be a whole number from 1, or 'always', found " + describe(t), null);
                }
            }
            message = text(f, "message");
        }
        kindText = string(kindNode, "fault");
        if (kindText == null) return null;
        Optional<Fault.Kind> kind = Fault.Kind.parse(kindText);
        if (kind.isEmpty()) {
            List<String> ids = List.of("transient", "permanent", "timeout");
            error(Code.BAD_VALUE, kindNode.pos(), "unknown fault '" + kindText + "'",
                    didYouMean(kindText, ids).orElse("transient (fails once, then works), permanent (fails every call) or timeout (never answers)"));
            return null;
        }
        return new Fault(kind.get(), times != null ? times : kind.get().defaultTimes(), message, node.pos());
    }

    private Expectation expect(Node node) {
        if (node == null) return Expectation.NONE;
        Node.Mapping m = mapping(node, "expect", "write 'expect:' then '  outcome: resolved'");
        if (m == null) return Expectation.NONE;
        unknownFields(m, EXPECT_FIELDS, "expect");
        Outcome outcome = null;
        Node o = m.get("outcome");
        if (o != null) {
            String s = string(o, "outcome");
            if (s != null) {
                outcome = Outcome.parse(s).orElse(null);
                if (outcome == null) {
                    List<String> ids = java.util.Arrays.stream(Outcome.values()).map(Outcome::id).toList();
                    error(Code.BAD_VALUE, o.pos(), "unknown outcome '" + s + "'", didYouMean(s, ids).orElse("one of: " + String.join(", ", ids)));
                }
            }
        }
        return new Expectation(outcome, stepList(m, "run"), stepList(m, "skip"), stepList(m, "approve"), stepList(m, "refuse"), duration(m, "within"));
    }

    private List<String> stepList(Node.Mapping m, String field) {
        List<String> ids = new ArrayList<>();
        Node n = m.get(field);
        if (n == null) return ids;
        List<Node> items = n instanceof Node.Sequence s ? s.items() : List.of(n);
        for (Node item : items) {
            String id = string(item, field);
            if (id == null) continue;
            ids.add(id);
            refs.add(new Scenario.Ref(Scenario.RefKind.STEP, id, null, "expect." + field, item.pos()));
        }
        return ids;
    }

    /** The scripted operator, bound exactly as an --answers file is (AnswersBinding), without in-doubt answers. */
    private ScriptedAnswers answers(Node node) {
        Node.Mapping m = mapping(node, "answers", "write 'answers:' then '  gates: { restart: yes }'");
        if (m == null) return ScriptedAnswers.NONE;
        AnswersBinding a = AnswersBinding.bind(binder, m, "answers", false);
        for (AnswersBinding.StepRef r : a.steps()) refs.add(new Scenario.Ref(Scenario.RefKind.STEP, r.step(), null, r.section(), r.pos()));
        return new ScriptedAnswers(a.gates(), a.failures(), a.confirm(), a.ask(), a.interrupt());
    }

    private Node.Mapping mapping(Node n, String field, String hint) {
        return binder.mapping(n, field, hint);
    }

    private Duration duration(Node.Mapping m, String field) {
        return binder.duration(m, field);
    }

    private String requiredId(Node.Mapping m, String field) {
        Node n = m.get(field);
        if (n == null) {
            error(Code.MISSING_FIELD, m.pos(), "the scenario has no '" + field + "'", "add '" + field + ": <id>'");
            return null;
        }
        String s = string(n, field);
        if (s != null && !Binder.isId(s)) {
            error(Code.BAD_ID, n.pos(), "'" + s + "' is not a valid " + field + " id", "use lower-case letters, digits and single dashes, e.g. app-stopped");
        }
        return s;
    }

    private String text(Node.Mapping m, String field) {
        return binder.text(m, field);
    }

    /** Text naming something (an id, a kind, a resource): a number is taken as written, a boolean is refused. */
    private String string(Node n, String field) {
        if (n instanceof Node.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) return s.text();
        error(Code.WRONG_TYPE, n.pos(), "'" + field + "' must be text, found " + describe(n), null);
        return null;
    }

    private void unknownFields(Node.Mapping m, List<String> known, String what) {
        binder.unknownFields(m, known, what, f -> null);
    }

    private String fileId() {
        Path p = Path.of(file).getFileName();
        if (p == null) return null;
        String n = p.toString();
        if (!n.endsWith(".yaml") && !n.endsWith(".yml")) return null;
        return n.substring(0, n.lastIndexOf('.'));
    }

    /** The folder the file sits in when that folder is inside a {@code scenarios/} folder; otherwise null. */
    private String folderName() {
        Path p = Path.of(file).toAbsolutePath().normalize();
        Path parent = p.getParent();
        if (parent == null || parent.getParent() == null || parent.getParent().getFileName() == null) return null;
        return parent.getParent().getFileName().toString().equals("scenarios") ? parent.getFileName().toString() : null;
    }

    static Optional<String> didYouMean(String word, List<String> candidates) {
        return Binder.didYouMean(word, candidates);
    }

    static String describe(Node n) {
        return Binder.describe(n);
    }

    private void error(Code code, SourcePosition at, String message, String hint) {
        binder.error(code, at, message, hint);
    }
}
