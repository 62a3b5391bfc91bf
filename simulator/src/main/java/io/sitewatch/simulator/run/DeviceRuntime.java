package io.sitewatch.simulator.run;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.model.DeviceModel;
import io.sitewatch.simulator.model.DisturbanceKind;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.model.Emitter;
import io.sitewatch.simulator.model.PowerPlan;
import io.sitewatch.simulator.mqtt.DevicePublisher;
import io.sitewatch.simulator.wire.EventData;
import io.sitewatch.simulator.wire.Readings;
import io.sitewatch.simulator.wire.Topics;
import io.sitewatch.simulator.wire.WireFormat;

/**
 * One running device: asks its model for a sample every period and turns what it says into wire
 * messages, adding the per-device sequence number, its clock skew, and store-and-forward buffering
 * while an OUTAGE lasts. On a real site it follows its {@link PowerPlan}: switched on, it says so
 * (retained {@code online}) and samples; switched off after the shift or while charging, it says
 * {@code power_off} and sleeps until it is switched on again; after its remove date it says
 * {@code dismantled} once. A SILENT window (a broken monitor) sends nothing at all. Uploading
 * history, it sends its samples as arrays, always before the event or status that follows them.
 */
final class DeviceRuntime implements Emitter {
    private static final long SEQ_WRAP = 1L << 32;
    /** An upload sends its samples once this many wait (the protocol's array limit). */
    private static final int UPLOAD_FLUSH_SAMPLES = WireFormat.MAX_SAMPLES_PER_ARRAY;

    private final DeviceSpec spec;
    private final DeviceModel model;
    private final DevicePublisher publisher;
    private final Disturbances disturbances;
    private final RunStats stats;
    private final int telemetryQos;
    private final String telemetryTopic;
    private final String eventTopic;
    private final String statusTopic;
    private final Backlog backlog = new Backlog();
    private final PowerPlan power;
    private final boolean upload;
    private final Throttle throttle;
    private final long gridTs;
    private final long periodMs;
    private PowerPlan.State state;
    private long nextChange;
    private long nextTs;
    private long seq;
    private boolean offline;
    private boolean silent;

    /** A device that is always on and publishes live (a scenario's). */
    DeviceRuntime(DeviceSpec spec, DeviceModel model, DevicePublisher publisher, Disturbances disturbances,
                  RunStats stats, int telemetryQos, long firstTs) {
        this(spec, model, publisher, disturbances, stats, telemetryQos, firstTs, firstTs, PowerPlan.alwaysOn(), false,
                Throttle.NONE);
    }

    DeviceRuntime(DeviceSpec spec, DeviceModel model, DevicePublisher publisher, Disturbances disturbances,
                  RunStats stats, int telemetryQos, long startTs, long firstTs, PowerPlan power, boolean upload,
                  Throttle throttle) {
        this.spec = spec;
        this.model = model;
        this.publisher = publisher;
        this.disturbances = disturbances;
        this.stats = stats;
        this.telemetryQos = telemetryQos;
        this.telemetryTopic = Topics.telemetry(spec.siteId(), spec.deviceId());
        this.eventTopic = Topics.event(spec.siteId(), spec.deviceId());
        this.statusTopic = Topics.status(spec.siteId(), spec.deviceId());
        this.power = power;
        this.upload = upload;
        this.throttle = throttle;
        this.gridTs = firstTs;
        this.periodMs = spec.periodS() * 1000L;
        this.state = power.state(startTs);
        this.nextChange = power.nextChange(startTs);
        this.nextTs = state == PowerPlan.State.ON ? firstTs : align(nextChange);
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

    /** Whether the device is switched on (and in service) now. */
    boolean on() {
        return state == PowerPlan.State.ON;
    }

    PowerPlan.State state() {
        return state;
    }

    void fire() {
        long ts = nextTs;
        if (ts >= nextChange) {
            long at = nextChange;
            for (long n = power.nextChange(at); n <= ts; n = power.nextChange(at)) {
                at = n;
            }
            PowerPlan.State now = power.state(at);
            if (now != state) {
                state = now;
                announce(at);
            }
            nextChange = power.nextChange(at);
        }
        if (state != PowerPlan.State.ON) {
            nextTs = align(nextChange);
            return;
        }
        offline = disturbances.active(DisturbanceKind.OUTAGE, spec.deviceId(), ts).isPresent();
        silent = disturbances.active(DisturbanceKind.SILENT, spec.deviceId(), ts).isPresent();
        if (!offline && !backlog.isEmpty() && !upload) {
            flushBacklog();
        }
        model.sample(ts, this);
        nextTs = ts + periodMs;
    }

    /** Says the device's state as of {@code ts} on its status topic (retained when live). */
    void announce(long ts) {
        String payload = switch (state) {
            case ON -> WireFormat.online(ts);
            case OFF -> WireFormat.off(ts, "power_off");
            case DISMANTLED -> WireFormat.off(ts, "dismantled");
            case NOT_INSTALLED -> null;
        };
        if (payload == null) {
            return;
        }
        if (upload) {
            flushSamples();
            throttle.beforePublish();
        }
        publisher.publish(statusTopic, WireFormat.utf8(payload), 1, !upload);
        stats.status();
    }

    /** Sends what an upload still holds. */
    void finish() {
        if (upload) {
            flushSamples();
        }
    }

    @Override
    public void telemetry(long ts, Readings values) {
        if (silent) {
            stats.withheld();
            return;
        }
        seq = (seq + 1) % SEQ_WRAP;
        String json = WireFormat.sample(deviceClock(ts), seq, values);
        if (offline) {
            backlog.addSample(json);
            stats.buffered();
        } else if (upload) {
            backlog.addSample(json);
            stats.telemetry();
            if (backlog.sampleCount() >= UPLOAD_FLUSH_SAMPLES) {
                flushSamples();
            }
        } else {
            publisher.publish(telemetryTopic, WireFormat.utf8(json), telemetryQos, false);
            stats.telemetry();
        }
    }

    @Override
    public void event(long ts, String type, EventData data) {
        if (silent) {
            stats.withheld();
            return;
        }
        String json = WireFormat.event(deviceClock(ts), type, data);
        if (offline) {
            backlog.addEvent(json);
        } else {
            if (upload) {
                flushSamples();
                throttle.beforePublish();
            }
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

    /** An upload's samples so far, as arrays, ahead of what comes next. */
    private void flushSamples() {
        for (String array : backlog.takeSampleArrays()) {
            throttle.beforePublish();
            publisher.publish(telemetryTopic, WireFormat.utf8(array), 1, false);
            stats.backlogArray();
        }
    }

    /** The first instant on this device's sample grid at or after {@code ts}; MAX_VALUE stays. */
    private long align(long ts) {
        if (ts == Long.MAX_VALUE) {
            return ts;
        }
        if (ts <= gridTs) {
            return gridTs;
        }
        long steps = (ts - gridTs + periodMs - 1) / periodMs;
        return gridTs + steps * periodMs;
    }

    /** The device's own idea of the time: simulated time plus any CLOCK_SKEW. */
    private long deviceClock(long ts) {
        return ts + disturbances.active(DisturbanceKind.CLOCK_SKEW, spec.deviceId(), ts)
                .map(d -> Math.round(d.magnitude() * 1000)).orElse(0L);
    }
}
