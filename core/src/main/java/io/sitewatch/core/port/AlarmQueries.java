package io.sitewatch.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Stored alarms as other modules read them. Owned and implemented by the alarms module, which
 * raises and stores them ({@code JdbcAlarmQueries}); readers such as the rating depend on this port
 * only, never on the alarm tables. Blocking: call from a worker thread. A failed read throws
 * {@link IllegalStateException}.
 */
public interface AlarmQueries {

    /** Alarms of the site that started in [from, to), in start order. */
    List<StartedAlarm> startedIn(String siteId, Instant from, Instant to);

    /**
     * The alarm's state now: {@code active}, {@code acknowledged} or {@code cleared}; null for an
     * alarm not stored. What a notification's escalation asks before it tells the next person.
     */
    String stateOf(String alarmId);

    /** An alarm's start and, once acknowledged, its acknowledgement time (else null). */
    record StartedAlarm(String alarmId, Instant start, Instant ack) {
    }
}
