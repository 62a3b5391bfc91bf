package io.sitewatch.rating.catalogue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where an item's evidence comes from. All but {@link #MANUAL} are computed from stored data. */
public enum EvidenceKind {
    /** A monitoring system: a registered device of the kind whose data flows (data-quality rules). */
    SYSTEM("system"),
    /** Share of alarms acknowledged within {@code limitMinutes}. */
    ALARM_ACK("alarm_ack"),
    /** Share of working days with the safety officer's clock-in and the previous day's safety log. */
    RECORDER("recorder"),
    /** Share of hazard reports rectified (within {@code withinDays} when given). */
    HAZARD_RECTIFICATION("hazard_rectification"),
    /** Share of operator logins with a known certificate, valid that day and of the right kind. */
    OPERATOR_CERT("operator_cert"),
    /** Entered by rating staff with a comment and an attachment hash (BIM, prefabrication, training). */
    MANUAL("manual");

    private final String code;

    EvidenceKind(String code) {
        this.code = code;
    }

    /** Points are a share between {@code floor} and {@code target} of a counted rate (and may have nothing to count). */
    public boolean share() {
        return this == ALARM_ACK || this == RECORDER || this == HAZARD_RECTIFICATION || this == OPERATOR_CERT;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static EvidenceKind fromCode(String code) {
        for (EvidenceKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown evidence kind '" + code + "'");
    }
}
