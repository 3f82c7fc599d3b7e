package dev.runbook.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code exec} and {@code resume}: gates, secrets, output, state. */
public final class RunOptions {
    @Option(names = "--yes", description = "Approve every write step without asking (never a destructive one).")
    boolean yes;

    @Option(names = "--approve", paramLabel = "STEP", description = "Approve this step (repeatable); the only way to approve a destructive step without a terminal.")
    List<String> approve = List.of();

    @Option(names = "--answers", paramLabel = "FILE", description = "Scripted operator answers (gates, failures, inDoubt, confirm, ask).")
    Path answers;

    @Option(names = "--no-input", description = "Never prompt, even at a terminal (as in CI).")
    boolean noInput;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Steps run at once when their needs allow (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Candidates.Outputs.class, description = "text (default) or json: one JSON event per line; json never prompts.")
    String output;

    /** {@code --output} as a format; RunSupport refuses any other word before anything runs, so this is never empty there. */
    OutputFormat format() {
        return OutputFormat.parse(output).orElse(OutputFormat.TEXT);
    }

    @Option(names = "--full", description = "Show every row a step found, not the first " + dev.runbook.text.FindingLines.ROWS + " (--output json always has all).")
    boolean full;

    @Option(names = "--secret-env", paramLabel = "NAME=VAR", description = "Read secret parameter NAME from environment variable VAR.")
    Map<String, String> secretEnv = new LinkedHashMap<>();

    @Option(names = "--secret-file", paramLabel = "NAME=PATH", description = "Read secret parameter NAME from the file PATH (one trailing newline is dropped).")
    Map<String, Path> secretFile = new LinkedHashMap<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Provider setting, e.g. aws.region=eu-west-1 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--aws-profile", paramLabel = "PROFILE", description = "AWS profile for aws.* steps (default: AWS_PROFILE, then the SDK's default chain).")
    String awsProfile;

    @Option(names = "--aws-region", paramLabel = "REGION", description = "AWS region for aws.* steps that name none (default: AWS_REGION / the profile's region).")
    String awsRegion;

    @Option(names = "--azure-subscription", paramLabel = "ID", description = "Azure subscription for azure.* steps that name none (default: AZURE_SUBSCRIPTION_ID).")
    String azureSubscription;

    @Option(names = "--azure-cloud", paramLabel = "CLOUD", completionCandidates = AzureClouds.class,
            description = "AzureCloud (default), AzureUSGovernment or AzureChinaCloud.")
    String azureCloud;

    @Option(names = "--azure-endpoint", paramLabel = "URL", description = "A custom Resource Manager endpoint (Azure Stack Hub, private clouds); default: AZURE_RESOURCE_MANAGER_ENDPOINT.")
    String azureEndpoint;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where runs and their journals are kept (default: $RUNBOOK_STATE_DIR, else $XDG_STATE_HOME/runbook).")
    Path stateDir;

    @Option(names = "--state", paramLabel = "URL",
            description = "Where runs, journals and locks live: file:DIR (local, the default), dir:DIR, s3://bucket/prefix,"
                    + " azblob://account/container/prefix or postgres://user@host:port/db (default: $RUNBOOK_STATE). See docs/state.md.")
    String state;

    static final class AzureClouds implements Iterable<String> {
        static final List<String> NAMES = List.of("AzureCloud", "AzureUSGovernment", "AzureChinaCloud");

        @Override
        public java.util.Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    /** Provider settings: {@code --set} pairs, overridden by the named provider options. */
    Map<String, String> providerSettings() {
        if (azureCloud != null && !AzureClouds.NAMES.contains(azureCloud)) {
            throw CliException.usage("--azure-cloud must be one of " + String.join(", ", AzureClouds.NAMES) + ", not '" + azureCloud + "'",
                    "for Azure Stack Hub or a private cloud, use --azure-endpoint URL");
        }
        Map<String, String> all = new LinkedHashMap<>(settings);
        putIfSet(all, "aws.profile", awsProfile);
        putIfSet(all, "aws.region", awsRegion);
        putIfSet(all, "azure.subscription", azureSubscription);
        putIfSet(all, "azure.cloud", azureCloud);
        putIfSet(all, "azure.endpoint", azureEndpoint);
        return all;
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) m.put(key, value.trim());
    }
}
