package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testing.FixtureCatalogue;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class RunbookCommandTest {
    static CommandLine build(String... args) {
        return RunbookCommand.commandLine(new RunbookCommand(Path.of(""), Map.of(), FixtureCatalogue::create), args);
    }

    @Test
    void subcommand_names_are_the_ones_their_classes_declare() {
        RunbookCommand.SUBCOMMANDS.forEach((name, cls) -> assertThat(cls.getAnnotation(Command.class).name()).isEqualTo(name));
    }

    @Test
    void a_named_subcommand_is_the_only_one_built() {
        assertThat(build("validate", "x.yaml").getSubcommands()).containsOnlyKeys("validate");
        assertThat(build("--no-color", "--debug", "show", "x").getSubcommands()).containsOnlyKeys("show");
        assertThat(build("validate", "x.yaml").getSubcommands().get("validate").getParent().getCommandSpec().name()).isEqualTo("runbook");
    }

    @Test
    void help_typos_argument_files_and_no_arguments_build_them_all_in_order() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "validate"}, {"valdate"}, {"@args.txt"}, {"--", "validate"}}) {
            assertThat(build(args).getSubcommands().keySet()).as(String.join(" ", args))
                    .containsExactlyElementsOf(RunbookCommand.SUBCOMMANDS.keySet());
        }
    }

    @Test
    void root_help_from_annotations_alone_reads_exactly_as_the_full_model() {
        CommandLine.Help.Ansi off = CommandLine.Help.Ansi.OFF;
        String full = build().getUsageMessage(off);
        String listing = build("--help").getUsageMessage(off);
        assertThat(listing).isEqualTo(full).contains("validate").contains("rehearse").contains("Display help information");
        assertThat(build("--help").getSubcommands().get("exec").getCommandSpec().findOption("--dry-run")).as("exec is a listing, not a model").isNull();
        assertThat(build().getSubcommands().get("exec").getCommandSpec().findOption("--dry-run")).isNotNull();
    }
}
