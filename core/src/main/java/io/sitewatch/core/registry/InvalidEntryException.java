package io.sitewatch.core.registry;

/** A registry entry that cannot be stored; the message names the field. */
public final class InvalidEntryException extends Exception {

    public InvalidEntryException(String message) {
        super(message);
    }
}
