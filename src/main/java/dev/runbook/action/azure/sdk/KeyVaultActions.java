package dev.runbook.action.azure.sdk;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * azure.keyvault.secret.*: Key Vault secrets. Secret values are only ever held in local variables
 * between two SDK calls: never returned, never put in a message, a plan or a log line.
 */
final class KeyVaultActions {
    private KeyVaultActions() {}

    private static final Pattern SECRET_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    abstract static class VaultAction extends AzureAction {
        VaultAction(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        record Ref(SecretClient client, String vaultUrl, String secret) {
            String describe() {
                return "secret '" + secret + "' in " + vaultUrl;
            }
        }

        Ref ref(ActionContext ctx, Args args) throws ActionException {
            String secret = args.string("secret").trim();
            if (!SECRET_NAME.matcher(secret).matches()) {
                throw ActionException.permanent("argument 'secret' is not a Key Vault secret name: '" + secret + "'",
                        "1-127 letters, digits and dashes");
            }
            AzureCloud cloud = AzureCloud.resolve(ctx);
            String url = clients.vaultUrl(cloud, args.string("vault"));
            return new Ref(clients.secrets(cloud, url), url, secret);
        }

        /** Every version's properties (no values), newest first. */
        List<SecretProperties> versions(ActionContext ctx, Ref r) throws ActionException {
            List<SecretProperties> all = call(ctx, r.describe(), () -> {
                List<SecretProperties> list = new ArrayList<>();
                r.client().listPropertiesOfSecretVersions(r.secret()).forEach(list::add);
                return list;
            });
            all.sort(Comparator.comparing((SecretProperties p) -> p.getCreatedOn() == null ? OffsetDateTime.MIN : p.getCreatedOn())
                    .reversed());
            if (all.isEmpty()) {
                throw ActionException.permanent(spec.name() + ": not found: " + r.describe() + " has no versions",
                        "check the vault and secret names");
            }
            return all;
        }

        static Map<String, Object> version(SecretProperties p) {
            return map("version", p.getVersion(), "enabled", p.isEnabled(), "createdOn", iso(p.getCreatedOn()),
                    "expiresOn", iso(p.getExpiresOn()));
        }

        static Optional<SecretProperties> find(List<SecretProperties> versions, String version) {
            return versions.stream().filter(p -> version.equalsIgnoreCase(p.getVersion())).findFirst();
        }
    }

    static final class Describe extends VaultAction {
        Describe(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            Ref r = ref(ctx, args);
            long max = Math.max(1, Math.min(1000, args.optInteger("maxVersions").orElse(25L)));
            List<SecretProperties> versions = versions(ctx, r);
            SecretProperties current = versions.get(0);
            Long days = current.getExpiresOn() == null ? null
                    : Math.floorDiv(Duration.between(OffsetDateTime.now(ZoneOffset.UTC), current.getExpiresOn()).toHours(), 24);
            List<Object> listed = versions.stream().limit(max).map(p -> (Object) version(p)).toList();
            Map<String, Object> out = map(
                    "currentVersion", current.getVersion(),
                    "enabled", current.isEnabled(),
                    "expiresOn", iso(current.getExpiresOn()),
                    "expiresInDays", days,
                    "updatedOn", iso(current.getUpdatedOn()),
                    "contentType", current.getContentType(),
                    "versions", listed,
                    "versionCount", (long) listed.size());
            return new Result(out, r.describe() + ": current " + current.getVersion()
                    + (Boolean.FALSE.equals(current.isEnabled()) ? " (DISABLED)" : "")
                    + (days == null ? ", no expiry" : days < 0 ? ", EXPIRED " + (-days) + " day(s) ago" : ", expires in " + days + " day(s)")
                    + ", " + versions.size() + " version(s)");
        }
    }

    static final class Rotate extends VaultAction {
        Rotate(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        private static void checkArgs(Args args) throws ActionException {
            if (args.has("value") && args.string("value").isEmpty()) {
                throw ActionException.permanent("argument 'value' is empty", "pass a non-empty secret parameter, or leave value out to generate one");
            }
            long length = args.optInteger("length").orElse(32L);
            if (length < 16 || length > 1024) {
                throw ActionException.permanent("argument 'length' must be between 16 and 1024, got " + length);
            }
            String g = args.optString("generator").orElse("alnum");
            if (!List.of("alnum", "hex", "base64url").contains(g)) {
                throw ActionException.permanent("argument 'generator' must be alnum, hex or base64url, got '" + g + "'");
            }
        }

        @Override
        public Plan plan(ActionContext ctx, Args args) throws ActionException {
            checkArgs(args);
            Ref r = ref(ctx, args);
            SecretProperties current = versions(ctx, r).get(0);
            List<String> details = new ArrayList<>();
            details.add(args.has("value") ? "new value: from the given (secret) parameter"
                    : "new value: generated, " + args.optInteger("length").orElse(32L) + " characters, "
                    + args.optString("generator").orElse("alnum"));
            args.optDuration("expiresIn").ifPresent(d -> details.add("new version expires in " + dev.runbook.model.Durations.format(d)));
            details.add(args.bool("disablePrevious", false) ? "version " + current.getVersion() + " is disabled afterwards"
                    : "version " + current.getVersion() + " stays enabled (readers pinned to it keep working)");
            details.add("apps that read the secret pick up the new value only on their next read or restart");
            return new Plan("rotate " + r.describe() + " (current version " + current.getVersion() + ")",
                    map("version", current.getVersion(), "enabled", current.isEnabled(), "expiresOn", iso(current.getExpiresOn())),
                    map("version", "(new)"), null,
                    map("version", "(new version)", "previousVersion", current.getVersion(),
                            "expiresOn", args.optDuration("expiresIn").map(d -> OffsetDateTime.now(ZoneOffset.UTC).plus(d).toInstant().toString()).orElse(null)),
                    details);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            checkArgs(args);
            Ref r = ref(ctx, args);
            SecretProperties current = versions(ctx, r).get(0);
            SecretProperties props = new SecretProperties()
                    .setContentType(args.optString("contentType").orElse(current.getContentType()))
                    .setTags(current.getTags());
            Optional<Duration> expiresIn = args.optDuration("expiresIn");
            expiresIn.ifPresent(d -> props.setExpiresOn(OffsetDateTime.now(ZoneOffset.UTC).plus(d)));
            KeyVaultSecret created = call(ctx, r.describe(), () -> {
                KeyVaultSecret s = new KeyVaultSecret(r.secret(), args.has("value") ? args.string("value") : generate(args));
                return r.client().setSecret(s.setProperties(props));
            });
            String newVersion = created.getProperties().getVersion();
            if (args.bool("disablePrevious", false) && Boolean.TRUE.equals(current.isEnabled())) {
                call(ctx, r.describe(), () -> r.client().updateSecretProperties(current.setEnabled(false)));
            }
            return new Result(map("version", newVersion, "previousVersion", current.getVersion(),
                    "expiresOn", iso(created.getProperties().getExpiresOn())),
                    "rotated " + r.describe() + ": " + current.getVersion() + " → " + newVersion);
        }

        @Override
        public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
            Object previous = result == null ? null : result.outputs().get("previousVersion");
            if (previous == null) return Optional.empty();
            Map<String, Object> with = map("vault", args.get("vault"), "secret", args.get("secret"), "version", previous);
            Object rotated = result.outputs().get("version");
            if (rotated != null) with.put("disableVersion", rotated);
            return Optional.of(new UndoHint("azure.keyvault.secret.restore-version", with));
        }

        static String generate(Args args) throws ActionException {
            int length = Math.toIntExact(args.optInteger("length").orElse(32L));
            String g = args.optString("generator").orElse("alnum");
            return switch (g) {
                case "hex" -> {
                    byte[] b = new byte[(length + 1) / 2];
                    RANDOM.nextBytes(b);
                    yield HexFormat.of().formatHex(b).substring(0, length);
                }
                case "base64url" -> {
                    byte[] b = new byte[length];
                    RANDOM.nextBytes(b);
                    yield Base64.getUrlEncoder().withoutPadding().encodeToString(b).substring(0, length);
                }
                default -> {
                    StringBuilder sb = new StringBuilder(length);
                    for (int i = 0; i < length; i++) sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
                    yield sb.toString();
                }
            };
        }
    }

    static final class RestoreVersion extends VaultAction {
        RestoreVersion(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Plan plan(ActionContext ctx, Args args) throws ActionException {
            Ref r = ref(ctx, args);
            List<SecretProperties> versions = versions(ctx, r);
            String version = args.string("version");
            SecretProperties target = find(versions, version).orElseThrow(() -> missing(r, version));
            List<String> details = new ArrayList<>();
            if (Boolean.FALSE.equals(target.isEnabled())) details.add("version " + version + " is disabled: it is enabled first");
            details.add("its value is copied into a new, current version (the value never leaves this process)");
            args.optString("disableVersion").ifPresent(v -> details.add("version " + v + " is disabled afterwards"));
            return new Plan("make version " + version + " of " + r.describe() + " current again",
                    map("version", versions.get(0).getVersion()), map("restoredFrom", version), null,
                    map("version", "(new version)", "restoredFrom", version), details);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            Ref r = ref(ctx, args);
            List<SecretProperties> versions = versions(ctx, r);
            String version = args.string("version");
            SecretProperties target = find(versions, version).orElseThrow(() -> missing(r, version));
            Optional<String> disable = args.optString("disableVersion").filter(v -> !v.isBlank());
            Optional<SecretProperties> toDisable = disable.isPresent() ? find(versions, disable.get()) : Optional.empty();
            if (disable.isPresent() && toDisable.isEmpty()) throw missing(r, disable.get());
            if (Boolean.FALSE.equals(target.isEnabled())) {
                call(ctx, r.describe(), () -> r.client().updateSecretProperties(target.setEnabled(true)));
            }
            KeyVaultSecret copy = call(ctx, r.describe(), () -> {
                KeyVaultSecret old = r.client().getSecret(r.secret(), version);
                SecretProperties props = new SecretProperties().setContentType(target.getContentType()).setTags(target.getTags());
                if (target.getExpiresOn() != null && target.getExpiresOn().isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
                    props.setExpiresOn(target.getExpiresOn());
                }
                return r.client().setSecret(new KeyVaultSecret(r.secret(), old.getValue()).setProperties(props));
            });
            if (toDisable.isPresent() && !Boolean.FALSE.equals(toDisable.get().isEnabled())) {
                call(ctx, r.describe(), () -> r.client().updateSecretProperties(toDisable.get().setEnabled(false)));
            }
            String newVersion = copy.getProperties().getVersion();
            return new Result(map("version", newVersion, "restoredFrom", version),
                    "restored " + r.describe() + " to the value of " + version + " as new version " + newVersion
                            + disable.map(v -> ", disabled " + v).orElse(""));
        }

        private ActionException missing(Ref r, String version) {
            return ActionException.permanent(spec.name() + ": not found: version " + version + " of " + r.describe(),
                    "list the versions with azure.keyvault.secret.describe");
        }
    }
}
