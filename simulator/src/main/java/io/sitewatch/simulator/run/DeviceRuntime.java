package io.sitewatch.simulator.run;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.model.DeviceModel;
import io.sitewatch.simulator.model.DisturbanceKind;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.model.Emitter;
import io.sitewatch.simulator.mqtt.DevicePublisher;
import io.sitewatch.simulator.wire.EventData;
import io.sitewatch.simulator.wire.Readings;
import io.sitewatch.simulator.wire.Topics;
import io.sitewatch.simulator.wire.WireFormat;

/**
 * One running device: asks its model for a sample every period and turns what it says into wire
 * messages, adding the per-device sequence number, its clock skew, and store-and-forward buffering
 * while an OUTAGE lasts.
 */
final class DeviceRuntime implements Emitter {
    private static final long SEQ_WRAP = 1L << 32;

    private final DeviceSpec spec;
    private final DeviceModel model;
    private final DevicePublisher publisher;
    private final Disturbances disturbances;
    private final RunStats stats;
    private final int telemetryQos;
    private final String telemetryTopic;
    private final String eventTopic;
    private final Backlog backlog = new Backlog();
    private long nextTs;
    private long seq;
    private boolean offline;

    DeviceRuntime(DeviceSpec spec, DeviceModel model, DevicePublisher publisher, Disturbances disturbances,
                  RunStats stats, int telemetryQos, long firstTs) {
        this.spec = spec;
        this.model = model;
        this.publisher = publisher;
        this.disturbances = disturbances;
        this.stats = stats;
        this.telemetryQos = telemetryQos;
        this.telemetryTopic = Topics.telemetry(spec.siteId(), spec.deviceId());
        this.eventTopic = Topics.event(spec.siteId(), spec.deviceId());
        this.nextTs = firstTs;
    }

    DeviceSpec spec() {
        return spec;
    }

    DevicePublisher publisher() {
        return publisher;
    }

    long nextTs() {
        return nextTs;
    }

    void fire() {
        long ts = nextTs;
        offline = disturbances.active(DisturbanceKind.OUTAGE, spec.deviceId(), ts).isPresent();
        if (!offline && !backlog.isEmpty()) {
            flushBacklog();
        }
        model.sample(ts, this);
        nextTs = ts + spec.periodS() * 1000L;
    }

    @Override
    public void telemetry(long ts, Readings values) {
        seq = (seq + 1) % SEQ_WRAP;
        String json = WireFormat.sample(deviceClock(ts), seq, values);
        if (offline) {
            backlog.addSample(json);
            stats.buffered();
        } else {
            publisher.publish(telemetryTopic, WireFormat.utf8(json), telemetryQos, false);
            stats.telemetry();
        }
    }

    @Override
    public void event(long ts, String type, EventData data) {
        String json = WireFormat.event(deviceClock(ts), type, data);
        if (offline) {
            backlog.addEvent(json);
        } else {
            publisher.publish(eventTopic, WireFormat.utf8(json), 1, false);
        }
        stats.event();
    }

    private void flushBacklog() {
        for (String array : backlog.takeSampleArrays()) {
            publisher.publish(telemetryTopic, WireFormat.utf8(array), 1, false);
            stats.backlogArray();
        }
        for (String event : backlog.takeEvents()) {
            publisher.publish(eventTopic, WireFormat.utf8(event), 1, false);
        }
    }

    /** The device's own idea of the time: simulated time plus any CLOCK_SKEW. */
    private long deviceClock(long ts) {
        return ts + disturbances.active(DisturbanceKind.CLOCK_SKEW, spec.deviceId(), ts)
                .map(d -> Math.round(d.magnitude() * 1000)).orElse(0L);
    }
}
