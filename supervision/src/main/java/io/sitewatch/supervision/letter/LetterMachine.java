package io.sitewatch.supervision.letter;

/**
 * The letter's life, pure (no clock, no I/O): draft → issued → answered → closed; a draft may be
 * withdrawn; an answer may be returned (answered → issued, with a reason, under the first
 * deadline). Each step checks the state it starts from and gives the letter after it with the
 * event to record; a step the state does not allow is a {@link StateException}.
 */
public final class LetterMachine {

    public static final String DRAFTED = "drafted";
    public static final String ISSUED = "issued";
    public static final String ANSWERED = "answered";
    public static final String RETURNED = "returned";
    public static final String CLOSED = "closed";
    public static final String WITHDRAWN = "withdrawn";
    static final long DAY_MS = 86_400_000L;

    /** A step the letter's state does not allow; {@code code} names the state it needed. */
    public static final class StateException extends RuntimeException {
        private final String code;

        StateException(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The letter after a step, and the event that records it. */
    public record Step(Letter letter, LetterEvent event) {
    }

    private LetterMachine() {
    }

    /** Issues a draft at {@code now}: its deadline is its days later. */
    public static Step issue(Letter l, String by, long now) {
        need(l, LetterState.DRAFT, "not_draft", "only a draft is issued");
        Letter next = l.with(LetterState.ISSUED, by, now, now + l.deadlineDays() * DAY_MS, null, null, null, null, null);
        return new Step(next, new LetterEvent(now, ISSUED, next.state().code(), by, null, null, null));
    }

    /** The addressee's answer (text, and the SHA-256 of an attachment or null), on time or late. */
    public static Step answer(Letter l, String by, long now, String text, String attachmentSha256) {
        need(l, LetterState.ISSUED, "not_issued", "only an issued letter is answered");
        Letter next = l.with(LetterState.ANSWERED, l.issuedBy(), l.issuedTs(), l.deadlineTs(), by, now, text, attachmentSha256, null);
        return new Step(next, new LetterEvent(now, ANSWERED, next.state().code(), by, null, text, attachmentSha256));
    }

    /** The regulator returns the answer with a reason: issued again, under the first deadline. */
    public static Step returnAnswer(Letter l, String by, long now, String reason) {
        need(l, LetterState.ANSWERED, "not_answered", "only an answered letter is returned");
        Letter next = l.with(LetterState.ISSUED, l.issuedBy(), l.issuedTs(), l.deadlineTs(), null, null, null, null, null);
        return new Step(next, new LetterEvent(now, RETURNED, next.state().code(), by, reason, null, null));
    }

    /** The regulator accepts the answer and closes the letter. */
    public static Step close(Letter l, String by, long now, String comment) {
        need(l, LetterState.ANSWERED, "not_answered", "only an answered letter is closed");
        Letter next = l.with(LetterState.CLOSED, l.issuedBy(), l.issuedTs(), l.deadlineTs(), l.answeredBy(), l.answeredTs(),
                l.answerText(), l.answerSha256(), now);
        return new Step(next, new LetterEvent(now, CLOSED, next.state().code(), by, comment, null, null));
    }

    /** The regulator withdraws a draft. */
    public static Step withdraw(Letter l, String by, long now) {
        need(l, LetterState.DRAFT, "not_draft", "only a draft is withdrawn");
        Letter next = l.with(LetterState.WITHDRAWN, null, null, null, null, null, null, null, null);
        return new Step(next, new LetterEvent(now, WITHDRAWN, next.state().code(), by, null, null, null));
    }

    private static void need(Letter l, LetterState s, String code, String why) {
        if (l.state() != s) {
            throw new StateException(code, "letter " + l.id() + " is " + l.state().code() + ": " + why);
        }
    }
}
