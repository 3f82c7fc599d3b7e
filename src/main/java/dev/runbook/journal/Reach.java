package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a step could not do its work at all ({@code step.end}'s {@code reach}): the provider it works through was not
 * reached, by its sign-in (no credential, one refused or expired, no subscription or region to act in) or its connection
 * (refused, unknown host, no route). A read that failed this way checked nothing: what it would have found is unknown,
 * never a finding about the system (a health check that cannot connect to the service it checks is a finding; its
 * action does not mark that failure). Absent for every other end.
 */
public enum Reach {
    @JsonProperty("sign-in") SIGN_IN,
    @JsonProperty("connection") CONNECTION;

    /** The JSON id, as {@code --output json} and the journal carry it. */
    public String id() {
        return this == SIGN_IN ? "sign-in" : "connection";
    }
}
