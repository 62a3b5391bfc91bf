package io.sitewatch.core.model;

/**
 * Why a message was not stored as telemetry (wire protocol, "Rejections"). The code is stable: it is
 * stored with each dead letter and used as the {@code reason} label of the rejection counter.
 */
public enum RejectReason {
    PAYLOAD_TOO_LARGE("payload_too_large"),
    BAD_TOPIC("bad_topic"),
    UNKNOWN_DEVICE("unknown_device"),
    WRONG_SITE("wrong_site"),
    BAD_JSON("bad_json"),
    MISSING_TS("missing_ts"),
    FUTURE_TS("future_ts"),
    /**
     * A {@code ts} before {@code WireProtocol.MIN_TS_MS} (2000-01-01): most often seconds sent for
     * milliseconds, or a device clock that was never set.
     */
    PAST_TS("past_ts"),
    OUT_OF_RANGE("out_of_range"),
    /** A listed metric whose value is not a number (or a value that is neither number nor flag). */
    BAD_VALUE("bad_value"),
    /** Structure other than the above: no or empty {@code values}, too many samples, bad {@code seq}, bad status. */
    BAD_SCHEMA("bad_schema"),
    /** An event whose type is not allowed for the device's kind or whose data lacks a required field. */
    BAD_EVENT("bad_event"),
    /**
     * Valid by the protocol but refused by the database (a data error on write). Found by
     * writing a failing batch in halves down to the single message, so the rest is stored.
     */
    UNSTORABLE("unstorable");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
