package io.sitewatch.alarms.rule;

/** A rules file that cannot be used; the message names the rule and the field. */
public final class InvalidRulesException extends Exception {

    public InvalidRulesException(String message) {
        super(message);
    }

    public InvalidRulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
