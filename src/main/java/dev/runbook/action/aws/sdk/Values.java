package dev.runbook.action.aws.sdk;

import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Output values in the SPI's plain types (Long, Double, String, Boolean, List, Map; null allowed). */
final class Values {
    private Values() {}

    static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    static Long lng(Integer i) {
        return i == null ? null : i.longValue();
    }

    static Long lng(Long i) {
        return i;
    }

    /** An ordered map that, unlike Map.of, keeps null values (an absent date is an output too). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** An undo runs where the step ran: same region and profile. */
    static Map<String, Object> sameAccount(Args args, Map<String, Object> with) {
        if (args.has("region")) with.put("region", args.get("region"));
        if (args.has("profile")) with.put("profile", args.get("profile"));
        return with;
    }

    /** ISO-8601 instant ("2024-01-22T14:00:00Z") or, where allowed, epoch seconds ("1705929600"). */
    static Instant instant(String arg, String text, boolean epochAllowed) throws ActionException {
        String t = text.trim();
        if (epochAllowed && t.matches("\\d{9,11}")) return Instant.ofEpochSecond(Long.parseLong(t));
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw ActionException.permanent("argument '" + arg + "' must be an ISO-8601 instant like 2024-01-22T14:00:00Z"
                    + (epochAllowed ? " or epoch seconds like 1705929600" : "") + ", got '" + text + "'");
        }
    }

    static int intArg(String name, long v, long min, long max) throws ActionException {
        if (v < min || v > max) {
            throw ActionException.permanent("argument '" + name + "' must be between " + min + " and " + max + ", got " + v);
        }
        return (int) v;
    }
}
