package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where posting an escalation ({@code escalation: ... notify:}) stands. POSTING is journaled (and fsynced) before the
 * post leaves the machine; POSTED or FAILED follow it. NOT_POSTED is a dry run's, an offline run's or a rehearsal's:
 * they never post. UNKNOWN is what a resume records for a POSTING that has no result (runbook stopped while
 * posting): it may or may not have arrived, and it is not posted again (at most once).
 */
public enum NoticeStatus {
    @JsonProperty("posting") POSTING,
    @JsonProperty("posted") POSTED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("not-posted") NOT_POSTED,
    @JsonProperty("unknown") UNKNOWN;

    public String id() {
        return this == NOT_POSTED ? "not-posted" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this status ends the post (anything but POSTING). */
    public boolean settled() {
        return this != POSTING;
    }
}
