package dev.runbook.action.aws.sdk;

import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import java.time.Instant;
import java.util.Optional;

/**
 * The arguments every point-in-time restore shares (Aurora cluster, DynamoDB table): a source, a new target
 * that must differ from it, and exactly one of {@code restoreTime} and {@code useLatestRestorableTime}.
 */
record PointInTimeRequest(String source, String target, Optional<Instant> time, boolean latest) {

    /**
     * @param sourceArg / targetArg the argument names ("sourceTable", "targetTable")
     * @param noun      what is restored, for the message ("table")
     * @param epochOk   whether restoreTime may be epoch seconds (DynamoDB's CLI accepts them)
     */
    static PointInTimeRequest read(Args args, String sourceArg, String targetArg, String noun, boolean epochOk) throws ActionException {
        String source = args.string(sourceArg);
        String target = args.string(targetArg);
        boolean latest = args.bool("useLatestRestorableTime", false);
        Optional<String> t = args.optString("restoreTime").filter(s -> !s.isBlank());
        if (latest == t.isPresent()) {
            throw ActionException.permanent("give exactly one of restoreTime and useLatestRestorableTime: true");
        }
        if (source.equals(target)) {
            throw ActionException.permanent(targetArg + " must differ from " + sourceArg + ": a restore never overwrites a " + noun);
        }
        Optional<Instant> time = t.isPresent() ? Optional.of(Values.instant("restoreTime", t.get(), epochOk)) : Optional.empty();
        return new PointInTimeRequest(source, target, time, latest);
    }
}
