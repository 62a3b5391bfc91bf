package io.sitewatch.service.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real clock moved to another moment: it runs at the real rate (the service's timers are real
 * Vert.x timers), and a test may move it forward, as the night passing between two steps of a
 * scenario. Never backwards: server time that goes back is not a case the service handles.
 */
public final class ShiftedClock extends Clock {

    private volatile long offsetMs;

    public ShiftedClock(Instant now) {
        moveTo(now);
    }

    /** From now on, the clock reads {@code now} and runs on from there. */
    public void moveTo(Instant now) {
        long offset = now.toEpochMilli() - System.currentTimeMillis();
        if (offset < offsetMs && offsetMs != 0) {
            throw new IllegalArgumentException("the clock only moves forward: " + now + " is before " + instant());
        }
        offsetMs = offset;
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service reads server time in UTC");
    }
}
