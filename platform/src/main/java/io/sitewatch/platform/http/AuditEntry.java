package io.sitewatch.platform.http;

import java.util.Map;

/**
 * One write through the API as the audit log keeps it: when it arrived (epoch ms), who (null when
 * no valid token), the role, the method and path, the ids it acted on, the status it was answered
 * with (0: the client left before an answer) and the address it came from. Never a body.
 */
public record AuditEntry(long ts, String user, String role, String method, String path, Map<String, String> target, int status,
                         String remoteAddress) {

    static final int MAX_PATH = 2000;

    public AuditEntry {
        target = target == null ? Map.of() : Map.copyOf(target);
        path = path != null && path.length() > MAX_PATH ? path.substring(0, MAX_PATH) : path;
    }

    /** Where the API server hands each write once it is answered; it must not block. */
    @FunctionalInterface
    public interface Sink {
        void record(AuditEntry entry);
    }
}
