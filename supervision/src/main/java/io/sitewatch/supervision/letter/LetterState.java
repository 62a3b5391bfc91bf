package io.sitewatch.supervision.letter;

/** Where a warning letter stands; {@code code} is what is stored and shown. */
public enum LetterState {
    /** Drafted by a regulator from a risk item; not yet seen by the addressee. */
    DRAFT("draft"),
    /** Sent: the addressee answers by the deadline (again after a returned answer). */
    ISSUED("issued"),
    /** The addressee answered; the regulator closes it or returns the answer. */
    ANSWERED("answered"),
    /** The regulator accepted the answer. Final. */
    CLOSED("closed"),
    /** A draft the regulator withdrew before issuing. Final. */
    WITHDRAWN("withdrawn");

    private final String code;

    LetterState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static LetterState of(String code) {
        for (LetterState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown letter state " + code);
    }
}
