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

    /**
     * Alarms of every site started in [from, to), counted per site, rule and level: what the early
     * warning ranks by, in one read whatever the number of sites. An alarm's time to acknowledge
     * runs from its start to its acknowledgement, or to {@code to} when it was not acknowledged by
     * then (an acknowledgement after the window does not change it: past windows stay as they
     * were), at most {@code capSeconds}. Each tally names its {@code latest} alarm ids (at most
     * {@code idsPerTally}, the latest start first). Its time to dispose (处置: the site reported what
     * it did, {@code POST /alarms/{id}/dispose}) runs likewise from its start to its first disposal,
     * or to {@code to} when not disposed by then, at most {@code disposeCapSeconds}. The default is for stores that keep no alarms
     * of other sites (test doubles); the alarms module's store implements it.
     */
    default List<AlarmTally> tallies(Instant from, Instant to, long capSeconds, long disposeCapSeconds, int idsPerTally) {
        throw new UnsupportedOperationException("this alarm store does not count alarms across sites");
    }

    /** {@link #tallies(Instant, Instant, long, long, int)} with disposal capped as acknowledgement. */
    default List<AlarmTally> tallies(Instant from, Instant to, long capSeconds, int idsPerTally) {
        return tallies(from, to, capSeconds, capSeconds, idsPerTally);
    }

    /**
     * Alarms of the site started in [from, to) with rule and level, in start order: the evidence
     * behind a tally. The default is for stores that keep no rules (test doubles).
     */
    default List<SiteAlarm> ofSiteIn(String siteId, Instant from, Instant to) {
        throw new UnsupportedOperationException("this alarm store does not list alarms with their rules");
    }

    /**
     * Alarms of one site, rule and level; {@code ackSeconds} is the sum of their capped times to
     * acknowledge, {@code disposeSeconds} of their capped times to dispose.
     */
    record AlarmTally(String siteId, String rule, String level, int count, double ackSeconds, double disposeSeconds,
                      List<String> latest) {

        /** A tally of a store that keeps no disposals. */
        public AlarmTally(String siteId, String rule, String level, int count, double ackSeconds, List<String> latest) {
            this(siteId, rule, level, count, ackSeconds, 0, latest);
        }
    }

    /**
     * A stored alarm's rule, level ({@code warning}, {@code alarm}), start, acknowledgement and
     * first disposal (null when not).
     */
    record SiteAlarm(String alarmId, String deviceId, String rule, String level, Instant start, Instant ack, Instant disposed) {

        public SiteAlarm(String alarmId, String deviceId, String rule, String level, Instant start, Instant ack) {
            this(alarmId, deviceId, rule, level, start, ack, null);
        }
    }

    /** An alarm's start and, once acknowledged, its acknowledgement time (else null). */
    record StartedAlarm(String alarmId, Instant start, Instant ack) {
    }
}
