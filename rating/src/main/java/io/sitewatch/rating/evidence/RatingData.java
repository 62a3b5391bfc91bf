package io.sitewatch.rating.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.KeyPerson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the rating reads from storage; read-only, so evidence can be computed from constructed data. */
public interface RatingData {

    Optional<SiteFacts> site(String siteId);

    /** The name of the site's builder (建设单位) as registered, for the report's heading; empty when none. */
    default Optional<String> enterprise(String siteId) {
        return Optional.empty();
    }

    List<RegisteredDevice> devices(String siteId);

    /** When the site works (its hours, week, the national holidays and its marked dates), read now; null for no such site. */
    SiteCalendar calendar(String siteId);

    /** The site's registered fence for clock-ins ({@code site.location}); null when none is registered. */
    GeoFence fence(String siteId);

    /** The site's registered key people (关键岗位人员), read now; empty when none. */
    List<KeyPerson> keyPersonnel(String siteId);

    /** The device's minutes with data in [from, to) as runs of consecutive minutes (from the 1-min rollup). */
    DeviceActivity activity(String deviceId, Instant from, Instant to);

    /** Alarms of the site that started in [from, to). */
    List<AlarmFact> alarms(String siteId, Instant from, Instant to);

    /** Events of these types of the site's devices with device time in [from, to), in time order. */
    List<EventFact> events(String siteId, Set<String> types, Instant from, Instant to);

    Map<String, CertFact> certificates(Collection<String> certNos);

    /** Rating staff's current manual entries for the site, by item or gate id. */
    Map<String, ManualEntry> manualEntries(String siteId);

    /**
     * @param installDate first day in service (YYYY-MM-DD, null: not known, in service from the site's start)
     * @param removeDate  last day in service (null: still in service)
     * @param schedule    {@code continuous} or {@code working_hours}
     */
    record RegisteredDevice(String deviceId, String kind, int periodS, String installDate, String removeDate, String schedule) {

        /** A device in service throughout, reporting around the clock. */
        public RegisteredDevice(String deviceId, String kind, int periodS) {
            this(deviceId, kind, periodS, null, null, "continuous");
        }
    }

    record AlarmFact(String alarmId, Instant start, Instant ack) {
    }

    record EventFact(String deviceId, Instant ts, String type, JsonNode data) {
    }

    record CertFact(String certNo, String kind, LocalDate validFrom, LocalDate validTo) {
        public boolean validOn(LocalDate day) {
            return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
        }
    }
}
