package io.sitewatch.simulator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.simulator.CapturingFactory;
import io.sitewatch.simulator.Runs;
import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.FreeForm;
import io.sitewatch.simulator.fleet.OperatorSpec;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;
import io.sitewatch.simulator.run.FleetRunner;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's fleet as of its first start and its incidents: the bundled stories land in the month
 * the demo seeds whatever the day it first starts, and the first live incident raises an alarm on
 * its first sample, day or night.
 */
class DemoFleetTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void theFleetMovesByWholeWeeksToItsAnchorKeepingEveryRelation() {
        LocalDate asOf = AnchoredFleet.asOf();
        assertEquals(LocalDate.of(2026, 12, 7), asOf);
        assertEquals(0, AnchoredFleet.shiftDays(asOf));
        assertEquals(0, AnchoredFleet.shiftDays(asOf.plusDays(6)));
        assertEquals(7, AnchoredFleet.shiftDays(asOf.plusDays(7)));
        assertEquals(-7, AnchoredFleet.shiftDays(asOf.minusDays(1)));
        Fleet bundled = Fleet.demo();
        LocalDate anchor = LocalDate.of(2027, 8, 19);
        long shift = AnchoredFleet.shiftDays(anchor);
        Fleet moved = AnchoredFleet.fleet(anchor);
        assertEquals(bundled.sites().size(), moved.sites().size());
        for (int i = 0; i < bundled.sites().size(); i++) {
            SiteSpec a = bundled.sites().get(i);
            SiteSpec b = moved.sites().get(i);
            assertEquals(a.startDate().plusDays(shift), b.startDate());
            assertEquals(a.calendar().stream().map(m -> m.date().plusDays(shift)).toList(),
                    b.calendar().stream().map(CalendarMark::date).toList());
            assertEquals(a.calendar().stream().map(m -> m.date().getDayOfWeek()).toList(),
                    b.calendar().stream().map(m -> m.date().getDayOfWeek()).toList(), "weekdays kept");
            assertEquals(a.personnel(), b.personnel());
            assertEquals(a.location(), b.location());
        }
        for (int i = 0; i < bundled.operators().size(); i++) {
            OperatorSpec a = bundled.operators().get(i);
            OperatorSpec b = moved.operators().get(i);
            assertEquals(a.validOn(asOf), b.validOn(asOf.plusDays(shift)), "an expired certificate stays expired: " + a.certNo());
        }
        assertTrue(AnchoredFleet.fleetFile(anchor).startsWith("# SiteWatch demo fleet as of 2027-08-19"));
    }

    @Test
    void theStoriesFallInTheMonthBeforeAnyFirstStart() {
        for (LocalDate anchor = LocalDate.of(2026, 12, 1); anchor.isBefore(LocalDate.of(2028, 1, 1)); anchor = anchor.plusDays(5)) {
            LocalDate from = anchor.minusDays(30);
            Fleet fleet = AnchoredFleet.fleet(anchor);
            SiteSpec xm = fleet.site("XM-SM-001");
            LocalDate typhoon = xm.calendar().stream().filter(m -> "typhoon".equals(m.reason())).findFirst().orElseThrow().date();
            assertTrue(!typhoon.isBefore(from) && typhoon.isBefore(anchor), anchor + ": typhoon " + typhoon);
            DeviceSpec crane = xm.requireKind("tower_crane");
            FreeForm silent = crane.sim().list("silent").get(0);
            assertTrue(!LocalDate.parse(silent.text("from", null)).isBefore(from), anchor + ": silence " + silent);
            assertTrue(LocalDate.parse(silent.text("to", null)).isBefore(anchor), anchor + ": silence " + silent);
            long expiresIn = ChronoUnit.DAYS.between(anchor, LocalDate.parse(crane.service().registration().validTo()));
            assertTrue(expiresIn > 0 && expiresIn <= 30, anchor + ": XM's crane registration runs out in " + expiresIn + " days");
            DeviceSpec hoist = fleet.site("ZZ-XC-001").requireKind("hoist");
            assertTrue(LocalDate.parse(hoist.service().removeDate()).isBefore(from), anchor + ": ZZ's hoist gone before the month");
            for (SiteSpec s : fleet.sites()) {
                for (DeviceSpec d : s.devices()) {
                    String reg = d.service().registration() == null ? null : d.service().registration().validTo();
                    if (reg != null && d != crane) {
                        assertTrue(LocalDate.parse(reg).isAfter(anchor.plusDays(30)), d.deviceId() + " registered beyond the month");
                    }
                }
                assertTrue(s.endDate().isAfter(anchor.plusDays(60)) && s.startDate().isBefore(from.minusDays(365)),
                        s.siteId() + " under construction through the month, started over a year before");
                if (!s.siteId().equals("XM-SM-001")) {
                    assertTrue(s.calendar().stream().noneMatch(m -> !m.working()), s.siteId() + " has no stop of its own");
                }
            }
        }
    }

    @Test
    void theFirstIncidentRaisesOnItsFirstSampleDayAndNight() {
        Fleet fleet = Fleet.demo();
        // Monday 2026-11-30, 10:00 on FZ-GL-001: its gondola is switched on and gets three people.
        long day = ZonedDateTime.of(2026, 11, 30, 10, 0, 0, 0, ZONE).toInstant().toEpochMilli();
        DemoIncidents.Plan plan = DemoIncidents.plan(fleet, fleet.site("FZ-GL-001"), day, 42, true);
        Disturbance first = plan.disturbances().get(0);
        assertEquals(DisturbanceKind.OVERLOAD, first.kind());
        assertEquals("FZ-GL-001-GD01", first.target());
        assertEquals(day + DemoIncidents.FIRST_S * 1000L, first.fromTs());
        CapturingFactory run = live(fleet, plan, day);
        JsonNode three = Runs.samples(run, "FZ-GL-001-GD01").stream()
                .filter(s -> s.get("values").get("people").asInt() == 3).findFirst().orElseThrow();
        assertTrue(three.get("ts").asLong() - day <= (DemoIncidents.FIRST_S + 10) * 1000L, "three people within 25 s: " + three);

        // 23:00 the same day: machines are off; the dust station raises its own alarm at 15 s.
        long night = ZonedDateTime.of(2026, 11, 30, 23, 0, 0, 0, ZONE).toInstant().toEpochMilli();
        plan = DemoIncidents.plan(fleet, fleet.site("FZ-GL-001"), night, 42, true);
        assertEquals(DisturbanceKind.DUST, plan.disturbances().get(0).kind());
        run = live(fleet, plan, night);
        JsonNode alarm = Runs.events(run, "FZ-GL-001-ENV01", "device_alarm").get(0);
        assertEquals(night + DemoIncidents.FIRST_S * 1000L, alarm.get("ts").asLong());
        assertTrue(alarm.get("data").get("active").asBoolean());
        assertEquals("alarm", alarm.get("data").get("level").asText());
        // No machine incident is planned while its machine is switched off.
        SiteCalendar calendar = fleet.site("FZ-GL-001").siteCalendar();
        for (Disturbance d : plan.disturbances()) {
            if (d.kind() == DisturbanceKind.OVERLOAD || d.kind() == DisturbanceKind.TILT) {
                String siteId = d.target().substring(0, d.target().lastIndexOf('-'));
                SiteCalendar c = fleet.site(siteId).siteCalendar();
                assertTrue(c.worksAt(java.time.Instant.ofEpochMilli(d.fromTs()).plusSeconds(20 * 60))
                        || c.worksAt(java.time.Instant.ofEpochMilli(d.fromTs()).minusSeconds(20 * 60)), "machine incident at work: " + d);
            }
            if (d.kind() == DisturbanceKind.NIGHT_WORK) {
                int hour = java.time.Instant.ofEpochMilli(d.fromTs()).atZone(ZONE).getHour();
                assertTrue(hour >= 22 || hour < 6, "night work at night: " + d);
            }
        }
        assertTrue(calendar.isWorkingDay(LocalDate.of(2026, 11, 30)));

        // The first incident is on the site that went live first: ZZ-XC-001 (Mon-Fri) on that Monday.
        plan = DemoIncidents.plan(fleet, fleet.site("ZZ-XC-001"), day, 42, true);
        assertEquals("ZZ-XC-001-GD01", plan.disturbances().get(0).target());
        // On its Saturday its machines are off: its dust station raises its own alarm.
        long saturday = ZonedDateTime.of(2026, 12, 5, 10, 0, 0, 0, ZONE).toInstant().toEpochMilli();
        plan = DemoIncidents.plan(fleet, fleet.site("ZZ-XC-001"), saturday, 42, true);
        assertEquals(List.of("ZZ-XC-001-ENV01"), plan.raw().stream().map(m -> m.clientId()).distinct().toList());
        assertEquals(2, plan.rawOf(fleet.site("ZZ-XC-001")).size(), "raised and cleared");
        assertEquals(0, plan.rawOf(fleet.site("FZ-GL-001")).size());
    }

    private static CapturingFactory live(Fleet fleet, DemoIncidents.Plan plan, long start) {
        CapturingFactory capture = new CapturingFactory();
        try {
            new FleetRunner(fleet.only("FZ-GL-001"), 42, plan.asDisturbances(), plan.rawOf(fleet.site("FZ-GL-001")), capture,
                    start, start + 120_000, 0, 1, FleetRunner.Options.REAL_SITE).run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return capture;
    }

    @Test
    void everyDemoSiteNamesItsKeyPeopleAndItsRecorderClocksThemIn() {
        for (SiteSpec s : Fleet.demo().sites()) {
            assertEquals(List.of("project_manager", "safety_officer"),
                    s.personnel().stream().map(p -> p.role()).sorted().toList(), s.siteId());
            for (FreeForm o : s.requireKind("recorder").sim().list("officers")) {
                assertTrue(s.person(o.text("id", "")).isPresent(), s.siteId() + " officer " + o);
            }
            assertTrue(s.location() != null && s.location().radiusM() >= 200, s.siteId());
        }
    }
}
