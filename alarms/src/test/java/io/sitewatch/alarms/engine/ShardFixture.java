package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.VirtualTime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One alarm shard with the bundled rules on {@link VirtualTime}, opened but not deployed: its
 * transitions stay queued and each step returns the ones it caused. Messages arrive "now" on the
 * virtual clock.
 */
final class ShardFixture {

    static final long T0 = Instant.parse("2025-07-01T02:00:00Z").toEpochMilli();

    final VirtualTime time;
    final Operators registry = new Operators();
    final AlarmShard shard;

    ShardFixture() throws Exception {
        this(T0);
    }

    /** Starting the virtual clock at {@code start}. */
    ShardFixture(long start) throws Exception {
        time = new VirtualTime(start);
        RuleSource rules = new RuleSource(new RuleLoader(WireProtocol.v1(), time), null);
        AlarmEngine engine = new AlarmEngine(null, registry, null, rules, new AlarmMetrics(new SimpleMeterRegistry()),
                null, 1, 600_000, time, time);
        shard = new AlarmShard(0, engine);
    }

    static Device device(String id, String kind, int periodS) {
        return new Device(id, "S1", kind, id, periodS, JsonNodeFactory.instance.objectNode());
    }

    /** Catches up and starts the offline watch at the current virtual time. */
    List<AlarmChange> open() {
        shard.open();
        return shard.drainQueued();
    }

    /** A message received now. */
    List<AlarmChange> receive(IngestRecord record) {
        shard.evaluate(List.of(new Received(record, time.millis())));
        return shard.drainQueued();
    }

    /** One sample taken now, received now. */
    List<AlarmChange> telemetry(Device d, Map<String, Double> values) {
        return receive(new IngestRecord.Telemetry(d, List.of(new Sample(time.millis(), null, values)), 0));
    }

    List<AlarmChange> event(Device d, long ts, String type, String dataJson) {
        return receive(new IngestRecord.Event(d, ts, type, dataJson, true));
    }

    /** Moves the virtual clock, firing the shard's timers on the way. */
    List<AlarmChange> advanceTo(long millis) {
        time.advanceTo(millis);
        return shard.drainQueued();
    }

    /** A registry with no sites or devices (messages carry their device), only certificates. */
    static final class Operators implements RegistryLookup {

        private final Map<String, OperatorCert> certs = new HashMap<>();
        private final Map<String, Site> sites = new HashMap<>();
        private final Map<String, Device> devices = new HashMap<>();
        private final Map<String, Map<java.time.LocalDate, io.sitewatch.core.calendar.CalendarMark>> marks = new HashMap<>();
        private long generation;

        /** Marks a date on a site's calendar (e.g. a night-work permit). */
        void mark(String siteId, io.sitewatch.core.calendar.CalendarMark mark) {
            marks.computeIfAbsent(siteId, k -> new HashMap<>()).put(mark.date(), mark);
            generation++;
        }

        @Override
        public io.sitewatch.core.calendar.SiteCalendar calendar(String siteId) {
            Site s = sites.get(siteId);
            return s == null ? null : new io.sitewatch.core.calendar.SiteCalendar(java.time.ZoneId.of(s.timezone()), s.workingHours(),
                    io.sitewatch.core.calendar.NationalCalendar.bundled(), marks.getOrDefault(siteId, Map.of()));
        }

        void put(Site site) {
            sites.put(site.siteId(), site);
            generation++;
        }

        void put(Device device) {
            devices.put(device.deviceId(), device);
            generation++;
        }

        void put(OperatorCert cert) {
            certs.put(cert.certNo(), cert);
        }

        @Override
        public Device device(String deviceId) {
            return devices.get(deviceId);
        }

        @Override
        public Site site(String siteId) {
            return sites.get(siteId);
        }

        @Override
        public OperatorCert operator(String certNo) {
            return certs.get(certNo);
        }

        @Override
        public long generation() {
            return generation;
        }

        @Override
        public Collection<Site> sites() {
            return List.of();
        }

        @Override
        public Collection<Device> devices() {
            return List.copyOf(devices.values());
        }
    }
}
