package io.sitewatch.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Stored device events (operator logins, clock-ins, hazard reports, ...). Owned and implemented by
 * the ingest module, which stores them ({@code JdbcDeviceEvents}); readers such as the rating and
 * the alarm engine depend on this port only, never on the event table. Blocking: call from a
 * worker thread. A failed read throws {@link IllegalStateException}.
 */
public interface DeviceEvents {

    /** Events of these types of the site's devices with device time in [from, to), in time order. */
    List<Event> ofSite(String siteId, Set<String> types, Instant from, Instant to);

    /**
     * Per device, its latest {@code operator_login} or {@code operator_logout} whose device time
     * lies within {@code lookback} of the database's clock; devices with none are left out.
     */
    List<OperatorEvent> latestOperatorEvents(Duration lookback);

    /**
     * The recorders' {@code clock_in} and {@code safety_log} events of every site with device time
     * in [from, to), with the few fields the on-duty checks read (no payload to parse): what the
     * early warning reads in one go whatever the number of sites, in no particular order. The
     * default is for stores that keep no events across sites (test doubles; readers then ask
     * {@link #ofSite} site by site); the ingest store answers in one read.
     */
    default List<DutyEvent> dutyEvents(Instant from, Instant to) {
        throw new UnsupportedOperationException("this event store does not list events across sites");
    }

    /**
     * A {@code clock_in} or {@code safety_log}: its {@code officer_id}; a clock-in's position
     * ({@code lat}, {@code lon}, null when not numbers); a log's {@code log_date} (else null).
     */
    record DutyEvent(String siteId, String deviceId, Instant ts, String type, String officerId, Double lat, Double lon,
                     String logDate) {
    }

    /** A stored event; {@code data} is the event's payload data as the device sent it. */
    record Event(String deviceId, Instant ts, String type, JsonNode data) {
    }

    /**
     * An operator's login ({@code login} true) or logout at a device; {@code certNo} is the
     * event's {@code cert_no}, or null when it carried none.
     */
    record OperatorEvent(String deviceId, boolean login, String certNo, Instant ts) {
    }
}
