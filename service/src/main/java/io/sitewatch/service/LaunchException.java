package io.sitewatch.service;

/** A start-up problem the user can fix; printed without a stack trace, exit status 2. */
final class LaunchException extends RuntimeException {

    LaunchException(String message) {
        super(message, null, false, false);
    }
}
