package io.sitewatch.simulator.model;

import io.sitewatch.simulator.wire.EventData;
import io.sitewatch.simulator.wire.Readings;

/** Where a model puts what its device says; the runner adds seq, clock skew, buffering and topics. */
public interface Emitter {
    void telemetry(long ts, Readings values);

    void event(long ts, String type, EventData data);
}
