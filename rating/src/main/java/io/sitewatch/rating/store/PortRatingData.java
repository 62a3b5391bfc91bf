package io.sitewatch.rating.store;

import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.port.AlarmQueries;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.port.RegistryQueries;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.port.TelemetryRollups;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.rating.evidence.DeviceActivity;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RatingData;
import io.sitewatch.rating.evidence.SiteFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link RatingData} over the read ports of the modules that own the data (registry with its site
 * calendars, ingest's rollups and events, alarms) and the rating's own {@code manual_evidence} table. Presence and gaps
 * come from the 1-minute rollup of one metric per device (the one it reports most), folded into
 * runs of consecutive minutes by the rollups' owner. The composition root supplies the ports.
 */
public final class PortRatingData implements RatingData {

    private final DataSource ds;
    private final RegistryQueries registry;
    private final TelemetryRollups rollups;
    private final DeviceEvents events;
    private final AlarmQueries alarms;

    /** @param ds the database of the rating's own tables */
    public PortRatingData(DataSource ds, RegistryQueries registry, TelemetryRollups rollups, DeviceEvents events,
                          AlarmQueries alarms) {
        this.ds = ds;
        this.registry = registry;
        this.rollups = rollups;
        this.events = events;
        this.alarms = alarms;
    }

    @Override
    public Optional<String> enterprise(String siteId) {
        return registry.site(siteId).map(s -> s.enterprise() == null ? null : s.enterprise().name());
    }

    @Override
    public Optional<SiteFacts> site(String siteId) {
        return registry.site(siteId).map(s -> new SiteFacts(s.siteId(), s.name(), s.region(), s.timezone(), s.costCny(),
                s.startDate(), s.endDate(), s.kind(), s.workingHours()));
    }

    @Override
    public List<RegisteredDevice> devices(String siteId) {
        return registry.devicesOfSite(siteId).stream()
                .map(d -> new RegisteredDevice(d.deviceId(), d.kind(), d.periodS(), d.service().installDate(),
                        d.service().removeDate(), d.service().schedule())).toList();
    }

    @Override
    public SiteCalendar calendar(String siteId) {
        return registry.calendar(siteId).orElse(null);
    }

    @Override
    public GeoFence fence(String siteId) {
        return registry.site(siteId).map(s -> s.location()).orElse(null);
    }

    @Override
    public List<KeyPerson> keyPersonnel(String siteId) {
        return registry.keyPersonnel(siteId);
    }

    @Override
    public DeviceActivity activity(String deviceId, Instant from, Instant to) {
        Optional<String> metric = rollups.mostReportedMetric(deviceId, from, to);
        if (metric.isEmpty()) {
            return DeviceActivity.silent();
        }
        String m = metric.get();
        List<DeviceActivity.Run> runs = rollups.minuteRuns(deviceId, m, from, to).stream()
                .map(r -> new DeviceActivity.Run(r.startMinute(), r.minutes())).toList();
        return new DeviceActivity(m, runs, rollups.sampleCount(deviceId, m, from, to));
    }

    @Override
    public List<AlarmFact> alarms(String siteId, Instant from, Instant to) {
        return alarms.startedIn(siteId, from, to).stream().map(a -> new AlarmFact(a.alarmId(), a.start(), a.ack())).toList();
    }

    @Override
    public List<EventFact> events(String siteId, Set<String> types, Instant from, Instant to) {
        return events.ofSite(siteId, types, from, to).stream()
                .map(e -> new EventFact(e.deviceId(), e.ts(), e.type(), e.data())).toList();
    }

    @Override
    public Map<String, CertFact> certificates(Collection<String> certNos) {
        Map<String, CertFact> out = new HashMap<>();
        for (OperatorCert o : registry.operators(certNos).values()) {
            out.put(o.certNo(), new CertFact(o.certNo(), o.kind(), date(o.validFrom()), date(o.validTo())));
        }
        return out;
    }

    private static LocalDate date(String isoDate) {
        return isoDate == null ? null : LocalDate.parse(isoDate);
    }

    @Override
    public Map<String, ManualEntry> manualEntries(String siteId) {
        Map<String, ManualEntry> out = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT key, value, comment, attachment_sha256, updated_by, updated_at FROM manual_evidence WHERE site_id = ?")) {
            ps.setString(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new ManualEntry(rs.getDouble(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant().toEpochMilli()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rating data query failed: " + e.getMessage(), e);
        }
        return out;
    }
}
