package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Result;
import java.util.Optional;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** aws.sts.whoami. */
final class StsActions {
    private StsActions() {}

    static final class WhoAmI extends AwsAction {
        WhoAmI(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            Optional<String> expect = c.args.optString("expectAccount").map(String::trim).filter(s -> !s.isEmpty());
            if (expect.isPresent() && !expect.get().matches("\\d{12}")) {
                throw ActionException.permanent("argument 'expectAccount' must be a 12-digit account id, got '" + expect.get() + "'");
            }
            StsClient sts = c.client("sts", StsClient::builder);
            GetCallerIdentityResponse r = c.aws("sts:GetCallerIdentity", "caller identity",
                    () -> sts.getCallerIdentity(b -> b.overrideConfiguration(c.timeout())));
            if (expect.isPresent() && !expect.get().equals(r.account())) {
                throw ActionException.permanent("wrong AWS account: the credentials are for " + r.account() + " (" + r.arn()
                        + "), the runbook expects " + expect.get(), "switch profile (--aws-profile) and run again");
            }
            return new Result(map("account", r.account(), "arn", r.arn(), "userId", r.userId(), "profile", c.profileInUse(),
                    "region", c.regionInUse()),
                    "account " + r.account() + " as " + r.arn());
        }
    }
}
