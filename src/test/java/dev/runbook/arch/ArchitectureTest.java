package dev.runbook.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of ARCHITECTURE.md, enforced: data flows one way and SDKs stay behind their providers. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // the compiled main classes only: scanning every jar on the test class path for the package takes ~20 s
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of("target", "classes"));
    }

    @Test
    void model_is_plain_records_without_io_or_libraries() {
        classes().that().resideInAPackage("dev.runbook.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.runbook.model..", "java.lang..", "java.util..", "java.time..")
                .check(classes);
    }

    @Test
    void expressions_reach_nothing_but_the_model() {
        // com.google.re2j: the RE2 engine behind matches(), pure computation over strings
        classes().that().resideInAPackage("dev.runbook.expr..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.runbook.expr..", "dev.runbook.model..", "java.lang..", "java.util..", "java.math..", "java.time..", "com.google.re2j..")
                .check(classes);
    }

    @Test
    void only_the_aws_sdk_package_imports_the_aws_sdk() {
        noClasses().that().resideOutsideOfPackages("dev.runbook.action.aws.sdk..", "dev.runbook.state.s3..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..")
                .check(classes);
    }

    @Test
    void only_the_azure_sdk_package_imports_the_azure_sdk() {
        noClasses().that().resideOutsideOfPackages("dev.runbook.action.azure.sdk..", "dev.runbook.state.azblob..")
                .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "com.microsoft..")
                .check(classes);
    }

    @Test
    void only_the_postgres_implementation_imports_the_jdbc_driver() {
        noClasses().that().resideOutsideOfPackages("dev.runbook.action.postgres.impl..", "dev.runbook.state.postgres..")
                .should().dependOnClassesThat().resideInAPackage("org.postgresql..")
                .check(classes);
    }

    @Test
    void provider_implementations_are_reached_only_through_the_catalogue() {
        // dev.runbook.state.postgres ships in the postgres provider's folder and reads ~/.pgpass with its PgPass
        noClasses().that().resideOutsideOfPackages("dev.runbook.action.*.sdk..", "dev.runbook.action.*.impl..", "dev.runbook.action.sim..",
                        "dev.runbook.state.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.runbook.action.*.sdk..", "dev.runbook.action.*.impl..")
                .check(classes);
    }

    /** The team state stores load like providers: by class name through ProviderLoader, so no command loads them by accident. */
    @Test
    void state_backends_are_reached_only_by_class_name() {
        noClasses().that().resideOutsideOfPackages(STATE_BACKENDS)
                .should().dependOnClassesThat().resideInAnyPackage(STATE_BACKENDS)
                .check(classes);
    }

    /** A backend sees the store SPI and its SDK, nothing of the engine, journal or command line. */
    @Test
    void state_backends_know_nothing_of_runbook_but_the_store_spi() {
        noClasses().that().resideInAnyPackage(STATE_BACKENDS)
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.runbook..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(STATE_BACKENDS)))
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.runbook.state")))
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith(
                                "dev.runbook.action.postgres.impl.PgPass"))))
                .check(classes);
    }

    private static final String[] STATE_BACKENDS = {"dev.runbook.state.s3..", "dev.runbook.state.azblob..", "dev.runbook.state.postgres.."};

    /**
     * Shell completion ({@code runbook __complete}, run at every Tab) reads folder names and one runbook file: it reaches
     * no provider, SDK, state store, journal, run history or engine (StartupClassLoadingTest checks what it loads).
     */
    @Test
    void completion_reaches_no_provider_state_store_journal_or_engine() {
        noClasses().that().haveFullyQualifiedName("dev.runbook.cli.Complete").or().haveFullyQualifiedName("dev.runbook.cli.Complete$Runs")
                .should().dependOnClassesThat().resideInAnyPackage("dev.runbook.action..", "dev.runbook.state..", "dev.runbook.engine..",
                        "software.amazon..", "com.azure..", "com.microsoft..", "org.postgresql..", "com.fasterxml..")
                // of the run history only RunIds, the one rule a run is named by (a function of a list of ids): resume RUN --approve <Tab>
                .orShould().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.runbook.history..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith(
                                "dev.runbook.history.RunIds"))))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.runbook.journal.RunStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.runbook.journal.JournalReader")
                .check(classes);
    }

    @Test
    void the_action_spi_knows_no_engine_cli_or_ui() {
        noClasses().that().resideInAPackage("dev.runbook.action..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.runbook.cli..", "dev.runbook.ui..", "dev.runbook.engine..", "dev.runbook.journal..")
                .check(classes);
    }

    @Test
    void the_core_does_not_depend_on_the_command_line() {
        noClasses().that().resideInAnyPackage("dev.runbook.model..", "dev.runbook.parse..", "dev.runbook.check..", "dev.runbook.expr..",
                        "dev.runbook.graph..", "dev.runbook.engine..", "dev.runbook.journal..", "dev.runbook.action..")
                .should().dependOnClassesThat().resideInAPackage("dev.runbook.cli..")
                .check(classes);
    }

    @Test
    void the_engine_and_journal_do_not_render() {
        noClasses().that().resideInAnyPackage("dev.runbook.engine..", "dev.runbook.journal..")
                .should().dependOnClassesThat().resideInAPackage("dev.runbook.ui..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /**
     * Every command resolves the state folder, XDG and {@code RUNBOOK_*} settings from the root command's environment
     * ({@code RunbookCommand.envOf}), so all commands agree and a test's environment reaches every one of them.
     */
    @Test
    void commands_read_the_environment_only_through_the_root_command() {
        noClasses().that().resideInAPackage("dev.runbook.cli..").and().doNotHaveFullyQualifiedName("dev.runbook.cli.RunbookCommand")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(classes);
    }

    @Test
    void nothing_but_the_command_line_writes_to_standard_streams() {
        noClasses().that().resideOutsideOfPackages("dev.runbook.cli..", "dev.runbook.ui..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }

    /**
     * Every file an operator names is read through {@code InputFiles}: regular files only, bounded to a limit, so a FIFO,
     * a device or a 1 GB file gives a clear error instead of a hang or an OutOfMemoryError (docs/execution.md, "Inputs").
     * Exceptions read what is not the operator's input: /proc (process table), a database dump streamed to a hash, and
     * the state store's own objects.
     */
    @Test
    void operator_files_are_read_only_through_input_files() {
        java.util.Set<String> reads = java.util.Set.of("readAllBytes", "readString", "readAllLines", "newBufferedReader", "newInputStream", "lines");
        noClasses().that().doNotHaveFullyQualifiedName("dev.runbook.parse.InputFiles")
                .and().doNotHaveFullyQualifiedName("dev.runbook.action.process.ProcessTable")
                .and().doNotHaveFullyQualifiedName("dev.runbook.action.postgres.impl.DumpAction")
                // the team state store's file backend reads its own objects (keys it wrote), not a path an operator names
                .and().doNotHaveFullyQualifiedName("dev.runbook.state.FileObjectStore")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("java.nio.file.Files reads",
                        call -> call.getTarget().getOwner().isEquivalentTo(java.nio.file.Files.class) && reads.contains(call.getTarget().getName())))
                .orShould().callConstructor(java.io.FileInputStream.class, String.class)
                .orShould().callConstructor(java.io.FileInputStream.class, java.io.File.class)
                .orShould().callConstructor(java.io.FileReader.class, String.class)
                .orShould().callConstructor(java.io.FileReader.class, java.io.File.class)
                .check(classes);
    }

    /**
     * The approval rule is structural (docs/execution.md, "Approval"): only ActionInvoker, which checks a gate's
     * clearance first, may call an action's execute; steps, undos, retries and resumes all go through it.
     */
    @Test
    void only_the_action_invoker_calls_an_actions_execute() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.runbook.engine.ActionInvoker")
                .and().resideOutsideOfPackage("dev.runbook.action..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("Action.execute",
                        call -> call.getTarget().getName().equals("execute")
                                && call.getTarget().getOwner().isAssignableTo(dev.runbook.action.Action.class)))
                .check(classes);
    }

    /**
     * Renderers, run history and reports decide from the events' types and fields, never by searching the engine's
     * words (issue 17): a run's message, a step's error or reason, a plan's summary are shown, not parsed. So nothing in
     * ui, history or a rehearsal's debrief searches text, except where the text is not the engine's, each said here.
     */
    @Test
    void renderers_and_reports_do_not_search_the_engines_words() {
        java.util.Set<String> searches = java.util.Set.of("contains", "startsWith", "endsWith", "matches", "indexOf", "lastIndexOf",
                "regionMatches", "replaceAll", "replaceFirst");
        java.util.Set<String> allowed = java.util.Set.of(
                // a plan's detail lines come from the action (provider data, not the engine): one that repeats a change is dropped
                "dev.runbook.ui.PlanLines.repeats",
                // a parameter's key names a resource ("serverName"): the renderer's own choice of how to show a new one
                "dev.runbook.ui.PlanLines.isName",
                // the retry line the renderer itself just word-wrapped (its own head, not the engine's text)
                "dev.runbook.ui.ConsoleRenderer.retrying",
                // the identity lines the renderer itself just word-wrapped (a continuation starts with its indent)
                "dev.runbook.ui.ConsoleRenderer.identity",
                // run ids the operator typed, matched to the ids in the store
                "dev.runbook.history.RunIds.resolve",
                // an incident id the operator gives, checked against its pattern
                "dev.runbook.history.Incidents.valid",
                // the action a step uses (notify.*, message): the runbook's words, not the engine's
                "dev.runbook.history.PostMortem.of",
                // the timeline's own moment texts ("run ended", "acting as"), written by history's Timeline, not the
                // engine; a Moment kind of their own would make this a type too
                "dev.runbook.history.PostMortem.rows",
                // what a run id says (its runbook and time) when its journal cannot be read: the store's id, not a message
                "dev.runbook.history.RunIndex.unreadable",
                // the first line of a message, to show it on one line: cut, not searched
                "dev.runbook.history.Values.firstLine");
        noClasses().that().resideInAnyPackage("dev.runbook.ui..", "dev.runbook.history..")
                .or().haveFullyQualifiedName("dev.runbook.rehearse.DebriefRecorder")
                .or().haveFullyQualifiedName("dev.runbook.rehearse.RehearsalPrinter")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a text search outside the allowed places",
                        call -> (call.getTarget().getOwner().isEquivalentTo(String.class) || call.getTarget().getOwner().isEquivalentTo(java.util.regex.Matcher.class))
                                && searches.contains(call.getTarget().getName())
                                && !allowed.contains(call.getOriginOwner().getName().replace('$', '.') + "." + call.getOrigin().getName())))
                .check(classes);
    }

    /**
     * A message is made one line in one place, {@code Display.headline} (review1: an identity reason and step errors cut
     * at their first line showed "...failed in eu-west-1:" with the detail lost on the next line). Every helper that
     * cuts a message to its first line ({@code firstLine}, {@code headline}) goes through it; the {@code oneLine} helpers
     * flatten (join the lines) and cut nothing.
     */
    @Test
    void messages_are_cut_to_one_line_only_by_the_headline() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods().that().haveNameMatching("firstLine|headline")
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("dev.runbook.text")
                // a state backend sees only the store SPI (state_backends_know_nothing_of_runbook_but_the_store_spi): its
                // own first line of a storage SDK's error
                .and().areDeclaredInClassesThat().doNotHaveFullyQualifiedName("dev.runbook.state.azblob.BlobStore")
                .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaMethod>("call Display.headline") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaMethod m, com.tngtech.archunit.lang.ConditionEvents events) {
                        boolean calls = m.getMethodCallsFromSelf().stream().anyMatch(c -> c.getTarget().getName().equals("headline")
                                && c.getTarget().getOwner().isEquivalentTo(dev.runbook.text.Display.class));
                        if (!calls) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(m, m.getFullName()
                                    + " makes a message one line without Display.headline"));
                        }
                    }
                })
                .check(classes);
    }
}
