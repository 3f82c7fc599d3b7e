package dev.runbook.secret;

import java.util.List;
import java.util.Map;

/**
 * The cloud and database credentials a run may find in its environment, registered with the redactor before anything
 * is written: a step's program that prints its environment ({@code env}, {@code set -x}), an SDK message that quotes a
 * key, or an error that repeats a connection string must not put them on the screen, in the journal or in a report.
 *
 * <p>Registered: the whole value of each variable named in {@link #NAMES} of at least {@value #MIN_LENGTH} characters
 * (shorter values are test placeholders such as {@code x}; masking them would blank ordinary words), and the key and
 * signature parts of an Azure Storage connection string. The variables stay in a step's environment as before (a
 * step that calls {@code aws} needs them); only what is written is masked.
 */
public final class EnvironmentCredentials {
    /** Shorter values are not treated as credentials (real keys are 20 to several hundred characters). */
    public static final int MIN_LENGTH = 8;

    /** Variables whose value is a credential, as the AWS SDK/CLI, the Azure SDK/CLI and libpq read them. */
    public static final List<String> NAMES = List.of(
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_BEARER_TOKEN_BEDROCK",
            "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD", "AZURE_STORAGE_KEY",
            "AZURE_STORAGE_ACCESS_KEY", "AZURE_STORAGE_SAS_TOKEN", "AZURE_STORAGE_CONNECTION_STRING", "AZURE_FEDERATED_TOKEN",
            "ARM_CLIENT_SECRET", "ARM_ACCESS_KEY", "PGPASSWORD", "IDENTITY_HEADER", "MSI_SECRET");

    private EnvironmentCredentials() {}

    /** Registers every credential found in {@code env} with {@code redactor}; returns how many values were registered. */
    public static int register(Map<String, String> env, Redactor redactor) {
        int n = 0;
        for (String name : NAMES) {
            String v = env.get(name);
            if (v == null || v.strip().length() < MIN_LENGTH) continue;
            redactor.add(v);
            n++;
            if (name.endsWith("CONNECTION_STRING")) n += connectionStringParts(v, redactor);
        }
        return n;
    }

    /** {@code AccountKey=...;SharedAccessSignature=...}: each secret part on its own (an error may quote one part). */
    private static int connectionStringParts(String cs, Redactor redactor) {
        int n = 0;
        for (String part : cs.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if ((key.equalsIgnoreCase("AccountKey") || key.equalsIgnoreCase("SharedAccessSignature")) && value.length() >= MIN_LENGTH) {
                redactor.add(value);
                n++;
            }
        }
        return n;
    }
}
