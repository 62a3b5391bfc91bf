package io.sitewatch.service;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's own warnings and errors (a broken logging configuration, say) on stderr. Without a
 * listener logback prints its whole status on stdout, into the middle of an export such as
 * {@code rating compute --format json}. Set by {@link Main} as {@code logback.statusListenerClass}.
 */
public final class StderrStatusListener implements StatusListener {

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            System.err.println("logback: " + status.getMessage());
        }
    }
}
