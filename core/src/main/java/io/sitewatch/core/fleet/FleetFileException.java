package io.sitewatch.core.fleet;

/** A fleet file that cannot be read or breaks the format; the message names the offending entry. */
public final class FleetFileException extends RuntimeException {
    public FleetFileException(String message) {
        super(message);
    }

    public FleetFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
