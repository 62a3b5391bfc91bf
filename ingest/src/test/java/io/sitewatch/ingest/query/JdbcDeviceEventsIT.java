package io.sitewatch.ingest.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.core.port.DeviceEvents.Event;
import io.sitewatch.core.port.DeviceEvents.OperatorEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events of a site and the latest operator login per machine, from constructed rows in PostgreSQL. */
class JdbcDeviceEventsIT {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static QueryDb db;
    static JdbcDeviceEvents events;

    @BeforeAll
    static void data() throws Exception {
        db = new QueryDb();
        db.event("REC", "S", T0.plusSeconds(60), "clock_in", "{\"officer_id\":\"O1\",\"role\":\"safety_officer\"}");
        db.event("REC", "S", T0.plusSeconds(30), "safety_log", "{\"officer_id\":\"O1\",\"log_date\":\"2026-03-01\"}");
        db.event("REC", "S", T0.plusSeconds(90), "hazard_report", "{\"hazard_id\":\"H1\"}");
        db.event("TC", "S", T0.plusSeconds(45), "clock_in", "{\"officer_id\":\"O2\"}");
        db.event("TC", "S", T0.minusSeconds(1), "clock_in", "{\"officer_id\":\"early\"}");      // before the window
        db.event("TC", "S", T0.plusSeconds(3600), "clock_in", "{\"officer_id\":\"late\"}");     // at its end: excluded
        db.event("X1", "OTHER", T0.plusSeconds(50), "clock_in", "{\"officer_id\":\"O3\"}");     // another site

        // operator sessions, relative to the database's clock
        db.event("TC1", "S", NOW.minus(Duration.ofHours(5)), "operator_login", "{\"cert_no\":\"C1\"}");
        db.event("TC1", "S", NOW.minus(Duration.ofHours(1)), "operator_logout", "{\"cert_no\":\"C1\"}");
        db.event("TC1", "S", NOW.minus(Duration.ofMinutes(30)), "clock_in", "{\"officer_id\":\"O1\"}");   // not an operator event
        db.event("TC2", "S", NOW.minus(Duration.ofHours(30)), "operator_logout", "{\"cert_no\":\"C2\"}");
        db.event("TC2", "S", NOW.minus(Duration.ofHours(20)), "operator_login", "{\"cert_no\":\"C2\"}");
        db.event("TC3", "S", NOW.minus(Duration.ofDays(3)), "operator_login", "{\"cert_no\":\"C3\"}");      // too old
        db.event("TC4", "S", NOW.minus(Duration.ofMinutes(2)), "operator_login", "{}");                    // no certificate
        events = new JdbcDeviceEvents(db.ds);
    }

    @Test
    void eventsOfASiteByTypeInTheWindowInTimeOrder() {
        List<Event> got = events.ofSite("S", Set.of("clock_in", "safety_log"), T0, T0.plusSeconds(3600));
        assertEquals(List.of("REC safety_log " + T0.plusSeconds(30), "TC clock_in " + T0.plusSeconds(45),
                        "REC clock_in " + T0.plusSeconds(60)),
                got.stream().map(e -> e.deviceId() + " " + e.type() + " " + e.ts()).toList());
        assertEquals("2026-03-01", got.get(0).data().path("log_date").asText());
        assertEquals("safety_officer", got.get(2).data().path("role").asText());
        assertEquals(List.of("H1"), events.ofSite("S", Set.of("hazard_report"), T0, T0.plusSeconds(3600)).stream()
                .map(e -> e.data().path("hazard_id").asText()).toList());
        assertEquals(List.of(), events.ofSite("S", Set.of("operator_login"), T0, T0.plusSeconds(3600)));
        assertEquals(List.of(), events.ofSite("NONE", Set.of("clock_in"), T0, T0.plusSeconds(3600)));
    }

    @Test
    void theLatestOperatorLoginOrLogoutOfEachMachineWithinTheLookback() {
        List<OperatorEvent> got = events.latestOperatorEvents(Duration.ofDays(2)).stream()
                .sorted(Comparator.comparing(OperatorEvent::deviceId)).toList();
        assertEquals(List.of(
                new OperatorEvent("TC1", false, "C1", NOW.minus(Duration.ofHours(1))),
                new OperatorEvent("TC2", true, "C2", NOW.minus(Duration.ofHours(20))),
                new OperatorEvent("TC4", true, null, NOW.minus(Duration.ofMinutes(2)))), got);
        assertEquals(List.of("TC1", "TC4"), events.latestOperatorEvents(Duration.ofHours(2)).stream()
                .map(OperatorEvent::deviceId).sorted().toList());
    }
}
