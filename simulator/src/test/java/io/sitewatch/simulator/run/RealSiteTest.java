package io.sitewatch.simulator.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.simulator.CapturingFactory;
import io.sitewatch.simulator.Runs;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.wire.WireFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo fleet's sites played as they work (FleetRunner.Options.REAL_SITE), on the bundled file's
 * own dates (as of 2026-12-07): shifts from the site's working hours, machines and recorders
 * switched off after them with the 1.1 {@code power_off} status, days off from the site's week,
 * the national holidays and its marks, key people clocking in inside the fence, the safety log of
 * the previous working day, hazards rectified later under their ids, a silent monitor, and the
 * history upload carrying exactly what the live run publishes.
 */
class RealSiteTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Fleet FLEET = Fleet.demo();
    private static final long SEED = 42;

    private static CapturingFactory run(String site, LocalDate from, int days) {
        return Runs.site(FLEET, site, from, days, SEED, FleetRunner.Options.REAL_SITE);
    }

    @Test
    void machinesWorkTheShiftAndSayPowerOffAfterIt() {
        // FZ-GL-001: Monday to Saturday 07:00-18:00; Wednesday 2026-12-02 a night-work permit to 22:00.
        CapturingFactory run = run("FZ-GL-001", LocalDate.of(2026, 11, 30), 7);
        String crane = "FZ-GL-001-TC01";
        Map<LocalDate, List<LocalTime>> byDay = new TreeMap<>();
        for (JsonNode s : Runs.samples(run, crane)) {
            ZonedDateTime t = local(s.get("ts").asLong());
            byDay.computeIfAbsent(t.toLocalDate(), d -> new ArrayList<>()).add(t.toLocalTime());
        }
        assertFalse(byDay.containsKey(LocalDate.of(2026, 12, 6)), "Sunday off: " + byDay.keySet());
        for (var e : byDay.entrySet()) {
            LocalTime last = e.getKey().equals(LocalDate.of(2026, 12, 2)) ? LocalTime.of(22, 15) : LocalTime.of(18, 15);
            assertFalse(e.getValue().get(0).isBefore(LocalTime.of(6, 45)), e.getKey() + " starts " + e.getValue().get(0));
            assertTrue(e.getValue().get(e.getValue().size() - 1).isBefore(last), e.getKey() + " ends " + e.getValue().get(e.getValue().size() - 1));
            long expected = e.getKey().equals(LocalDate.of(2026, 12, 2)) ? 15 * 360 + 30 * 6 : 11 * 360 + 30 * 6;
            assertEquals(expected, e.getValue().size(), 1, "10 s samples from 06:45 to the end of the shift + 15 min on " + e.getKey());
        }
        assertEquals(6, byDay.size(), "six working days");

        List<String> statuses = run.on(crane + "/status").stream().map(m -> {
            assertTrue(m.retained(), "a live status is retained");
            JsonNode j = Runs.parse(m.text());
            return local(j.get("ts").asLong()).toLocalDateTime() + " " + j.get("online").asBoolean() + " " + j.path("reason").asText();
        }).toList();
        assertEquals("2026-11-30T00:00 false power_off", statuses.get(0), "switched off at the start of the run, at night");
        assertEquals("2026-11-30T06:45 true ", statuses.get(1));
        assertEquals("2026-11-30T18:15 false power_off", statuses.get(2));
        assertTrue(statuses.contains("2026-12-02T22:15 false power_off"), "the permit's night: " + statuses);
        assertFalse(statuses.stream().anyMatch(s -> s.startsWith("2026-12-06")), "nothing on the Sunday: " + statuses);
        assertEquals(1 + 2 * 6, statuses.size(), statuses.toString());
        assertTrue(run.on(crane + "/status").stream().map(m -> Runs.parse(m.text()))
                        .allMatch(j -> j.get("online").asBoolean() || j.path("reason").asText().equals("power_off")),
                "switched off at midnight when the run stops, the crane says nothing more (no offline without a reason)");

        List<String> recorder = run.on("FZ-GL-001-REC01/status").stream().map(m -> {
            JsonNode j = Runs.parse(m.text());
            return local(j.get("ts").asLong()).toLocalTime() + " " + j.path("reason").asText();
        }).toList();
        assertEquals("06:30 ", recorder.get(1), "the recorder leaves its charger half an hour before the shift");
        assertEquals("18:30 power_off", recorder.get(2), "and goes back on it half an hour after");

        assertEquals(7 * 1440, Runs.samples(run, "FZ-GL-001-ENV01").size(), 1, "the dust station reports around the clock");
        assertEquals(7 * 288, Runs.samples(run, "FZ-GL-001-PIT01").size(), 1, "and so do the pit points");
    }

    /**
     * The crane lifts only while its site works: the last lift of a day is set down before the
     * working hours end (18:00; 22:00 under the permit of 2026-12-02), so no loaded sample and no
     * work cycle falls outside them — the service would rightly warn of unpermitted night work.
     * The scenarios' crane (every day a working day in the site's hours) does the same.
     */
    @Test
    void theCraneSetsItsLastLoadDownBeforeTheHoursEnd() {
        SiteCalendar calendar = FLEET.site("FZ-GL-001").siteCalendar();
        String crane = "FZ-GL-001-TC01";
        CapturingFactory run = run("FZ-GL-001", LocalDate.of(2026, 11, 30), 7);
        int loaded = 0;
        for (JsonNode s : Runs.samples(run, crane)) {
            if (s.get("values").get("load_t").asDouble() > 0) {
                loaded++;
                assertTrue(calendar.worksAt(Instant.ofEpochMilli(s.get("ts").asLong())), "lifting outside the hours: " + s);
            }
        }
        assertTrue(loaded > 1000, "the crane lifts: " + loaded);
        List<JsonNode> cycles = Runs.events(run, crane, "work_cycle");
        assertTrue(cycles.stream().anyMatch(c -> local(c.get("ts").asLong()).toLocalTime().isAfter(LocalTime.of(18, 0))),
                "the permit's evening is worked");
        for (JsonNode c : cycles) {
            assertTrue(calendar.worksAt(Instant.ofEpochMilli(c.get("ts").asLong())), "a cycle ends outside the hours: " + c);
        }
        for (JsonNode s : Runs.samples(Runs.scenario("normal-day", SEED), crane)) {
            LocalTime t = local(s.get("ts").asLong()).toLocalTime();
            if (s.get("values").get("load_t").asDouble() > 0) {
                assertTrue(!t.isBefore(LocalTime.of(7, 0)) && t.isBefore(LocalTime.of(18, 0)), "a scenario's lift at " + t);
            }
        }
    }

    @Test
    void aSiteRestsOnItsDaysOffTheNationalHolidaysAndWorksTheirMakeUpDays() {
        // ZZ-XC-001 works Monday to Friday. 2026: National Day 10-01..10-07 off, Sunday 09-20 and
        // Saturday 10-10 make-up working days. Its hoist was dismantled after 2026-10-09.
        CapturingFactory run = run("ZZ-XC-001", LocalDate.of(2026, 9, 19), 24);
        Set<LocalDate> craneDays = Runs.samples(run, "ZZ-XC-001-TC01").stream()
                .map(s -> local(s.get("ts").asLong()).toLocalDate()).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(craneDays.contains(LocalDate.of(2026, 9, 20)), "a Sunday made a working day");
        assertTrue(craneDays.contains(LocalDate.of(2026, 10, 10)), "a Saturday made a working day");
        assertFalse(craneDays.contains(LocalDate.of(2026, 9, 19)), "an ordinary Saturday off");
        assertFalse(craneDays.contains(LocalDate.of(2026, 10, 11)), "an ordinary Sunday off");
        for (LocalDate d = LocalDate.of(2026, 10, 1); !d.isAfter(LocalDate.of(2026, 10, 7)); d = d.plusDays(1)) {
            assertFalse(craneDays.contains(d), "National Day holiday " + d);
        }
        assertTrue(craneDays.containsAll(Set.of(LocalDate.of(2026, 9, 21), LocalDate.of(2026, 10, 8), LocalDate.of(2026, 10, 9))));

        List<JsonNode> hoist = Runs.samples(run, "ZZ-XC-001-HS01");
        assertTrue(hoist.stream().allMatch(s -> !local(s.get("ts").asLong()).toLocalDate().isAfter(LocalDate.of(2026, 10, 9))));
        assertFalse(hoist.isEmpty());
        List<JsonNode> dismantled = run.on("ZZ-XC-001-HS01/status").stream().map(m -> Runs.parse(m.text()))
                .filter(j -> j.path("reason").asText().equals("dismantled")).toList();
        assertEquals(1, dismantled.size(), "the hoist says dismantled once");
        assertEquals(LocalDate.of(2026, 10, 10).atStartOfDay(ZONE).toInstant().toEpochMilli(), dismantled.get(0).get("ts").asLong());
        assertTrue(Runs.events(run, "ZZ-XC-001-REC01", "clock_in").stream()
                .noneMatch(e -> local(e.get("ts").asLong()).toLocalDate().equals(LocalDate.of(2026, 10, 3))),
                "nobody clocks in on a holiday");
    }

    @Test
    void aTyphoonStopKeepsTheMachinesOffWhileTheDustStationSeesTheGale() {
        // XM-SM-001 works every day; the regulator stopped it on 2026-11-28 for a typhoon.
        LocalDate typhoon = LocalDate.of(2026, 11, 28);
        CapturingFactory run = run("XM-SM-001", typhoon.minusDays(1), 3);
        for (String device : List.of("XM-SM-001-TC01", "XM-SM-001-HS01", "XM-SM-001-GD01", "XM-SM-001-REC01")) {
            Set<LocalDate> days = Runs.samples(run, device).stream().map(s -> local(s.get("ts").asLong()).toLocalDate())
                    .collect(Collectors.toSet());
            assertEquals(Set.of(typhoon.minusDays(1), typhoon.plusDays(1)), days, device + " is off all the typhoon day");
        }
        assertTrue(Runs.events(run, "XM-SM-001-TC01", "work_cycle").stream()
                .noneMatch(e -> local(e.get("ts").asLong()).toLocalDate().equals(typhoon)), "no lifting");
        List<JsonNode> env = Runs.samples(run, "XM-SM-001-ENV01");
        double peak = 0;
        for (int i = 9; i < env.size(); i++) {
            double mean = 0;
            for (int j = i - 9; j <= i; j++) {
                mean += env.get(j).get("values").get("wind_ms").asDouble() / 10;
            }
            if (local(env.get(i).get("ts").asLong()).toLocalDate().equals(typhoon)) {
                peak = Math.max(peak, mean);
            }
        }
        assertTrue(peak > 13.8, "a gale on the typhoon day, 10-min mean wind at 10 m peaks at " + peak);
        double dayBefore = env.stream().filter(s -> local(s.get("ts").asLong()).toLocalDate().equals(typhoon.minusDays(1)))
                .mapToDouble(s -> s.get("values").get("wind_ms").asDouble()).max().orElseThrow();
        assertTrue(dayBefore < 8, "the day before is calm: " + dayBefore);
    }

    @Test
    void keyPeopleClockInInsideTheFenceAndTheSafetyOfficerUploadsThePreviousWorkingDaysLog() {
        LocalDate from = LocalDate.of(2026, 11, 2);
        int days = 35;
        Map<String, Double> share = new HashMap<>();
        for (SiteSpec site : FLEET.sites()) {
            CapturingFactory run = run(site.siteId(), from, days);
            String recorder = site.requireKind("recorder").deviceId();
            GeoFence fence = site.location();
            var calendar = site.siteCalendar();
            List<LocalDate> working = calendar.workingDays(from, from.plusDays(days - 1));
            Map<String, Set<LocalDate>> present = new HashMap<>();
            Map<LocalDate, Long> soClockIn = new HashMap<>();
            for (JsonNode c : Runs.events(run, recorder, "clock_in")) {
                JsonNode d = c.get("data");
                assertTrue(fence.contains(d.get("lat").asDouble(), d.get("lon").asDouble()),
                        "clock-in inside the fence: " + c + " at " + fence.distanceM(d.get("lat").asDouble(), d.get("lon").asDouble()) + " m");
                LocalDate day = local(c.get("ts").asLong()).toLocalDate();
                assertTrue(working.contains(day), "a clock-in on a working day: " + c);
                LocalTime at = local(c.get("ts").asLong()).toLocalTime();
                LocalTime start = LocalTime.of(site.workingHours().fromMinute() / 60, site.workingHours().fromMinute() % 60);
                assertTrue(!at.isBefore(start.minusMinutes(20)) && at.isBefore(start.plusMinutes(10)), "around the start of the hours: " + at);
                assertTrue(present.computeIfAbsent(d.get("officer_id").asText(), k -> new TreeSet<>()).add(day), "once a day");
                if (d.get("role").asText().equals("safety_officer")) {
                    soClockIn.put(day, c.get("ts").asLong());
                }
            }
            share.put(site.siteId() + " PM", present.getOrDefault(site.siteId() + "-PM01", Set.of()).size() / (double) working.size());
            share.put(site.siteId() + " SO", present.getOrDefault(site.siteId() + "-SO01", Set.of()).size() / (double) working.size());
            List<JsonNode> logs = Runs.events(run, recorder, "safety_log");
            for (JsonNode l : logs) {
                LocalDate day = local(l.get("ts").asLong()).toLocalDate();
                LocalDate covered = LocalDate.parse(l.get("data").get("log_date").asText());
                LocalDate previous = working.stream().filter(w -> w.isBefore(day)).reduce((a, b) -> b)
                        .orElse(calendar.workingDays(day.minusDays(14), day.minusDays(1)).stream().reduce((a, b) -> b).orElseThrow());
                assertEquals(previous, covered, "the log uploaded on " + day + " covers the previous working day");
                long after = l.get("ts").asLong() - soClockIn.get(day);
                assertTrue(after >= 120_000 && after < 360_000, "uploaded at clock-in: " + after + " ms after it");
            }
            share.put(site.siteId() + " logs", logs.size() / (double) soClockIn.size());
        }
        assertTrue(share.get("QZ-FZ-001 PM") >= 0.5 && share.get("QZ-FZ-001 PM") <= 0.7, "QZ's project manager is there ~60 %: " + share);
        assertTrue(share.get("QZ-FZ-001 SO") >= 0.8 && share.get("QZ-FZ-001 SO") < 1, share.toString());
        assertTrue(share.get("QZ-FZ-001 logs") >= 0.55 && share.get("QZ-FZ-001 logs") <= 0.75, "a third of QZ's logs missing: " + share);
        for (String site : List.of("FZ-GL-001", "XM-SM-001", "ZZ-XC-001")) {
            assertTrue(share.get(site + " PM") >= 0.8, site + "'s project manager meets the 80 %: " + share);
            assertEquals(1.0, share.get(site + " SO"), site + ": " + share);
            assertEquals(1.0, share.get(site + " logs"), site + ": " + share);
        }
    }

    @Test
    void hazardsAreRectifiedLaterUnderTheirIds() {
        LocalDate from = LocalDate.of(2026, 11, 2);
        Map<String, Integer> late = new HashMap<>();
        for (String siteId : List.of("FZ-GL-001", "QZ-FZ-001")) {
            SiteSpec site = FLEET.site(siteId);
            CapturingFactory run = run(siteId, from, 35);
            String recorder = site.requireKind("recorder").deviceId();
            Map<String, Long> reported = new HashMap<>();
            for (JsonNode r : Runs.events(run, recorder, "hazard_report")) {
                String id = r.get("data").get("hazard_id").asText();
                assertEquals(recorder + "-" + local(r.get("ts").asLong()).toLocalDate().toString().replace("-", "") + "-1", id);
                assertEquals(null, reported.put(id, r.get("ts").asLong()), "one report per id");
            }
            assertTrue(reported.size() > 10, siteId + " reports hazards: " + reported.size());
            int over7 = 0;
            var calendar = site.siteCalendar();
            for (JsonNode f : Runs.events(run, recorder, "hazard_rectified")) {
                String id = f.get("data").get("hazard_id").asText();
                Long at = reported.get(id);
                if (at == null) {
                    continue; // reported before the run started
                }
                long fixed = f.get("ts").asLong();
                assertTrue(fixed > at, "rectified after it was reported: " + id);
                int workingDaysLater = calendar.workingDays(local(at).toLocalDate().plusDays(1), local(fixed).toLocalDate()).size();
                assertTrue(workingDaysLater <= (siteId.equals("FZ-GL-001") ? 1 : 10), id + " " + workingDaysLater);
                if (fixed - at > 7 * 86_400_000L) {
                    over7++;
                }
            }
            late.put(siteId, over7);
        }
        assertEquals(0, late.get("FZ-GL-001"), "FZ closes every hazard within a working day");
        assertTrue(late.get("QZ-FZ-001") >= 2, "QZ leaves hazards open beyond the 7 days: " + late);
    }

    @Test
    void aSilentMonitorSendsNothingOnItsDays() {
        // XM's crane monitor was broken 2026-11-16..21 (its sim.silent).
        CapturingFactory run = run("XM-SM-001", LocalDate.of(2026, 11, 15), 8);
        Set<LocalDate> days = Runs.samples(run, "XM-SM-001-TC01").stream().map(s -> local(s.get("ts").asLong()).toLocalDate())
                .collect(Collectors.toSet());
        assertEquals(Set.of(LocalDate.of(2026, 11, 15), LocalDate.of(2026, 11, 22)), days);
        assertTrue(Runs.events(run, "XM-SM-001-TC01", "operator_login").stream()
                .allMatch(e -> days.contains(local(e.get("ts").asLong()).toLocalDate())), "no event either");
        assertEquals(1 + 8, run.on("XM-SM-001-TC01/status").stream()
                .filter(m -> m.text().contains("power_off")).count(), "its switch still works: off at the start and every evening");
        assertEquals(8, Runs.samples(run, "XM-SM-001-HS01").stream()
                .map(s -> local(s.get("ts").asLong()).toLocalDate()).distinct().count(), "the hoist reports every day");
    }

    @Test
    void theSameSeedPlaysARealSiteByteForByte() {
        CapturingFactory a = run("XM-SM-001", LocalDate.of(2026, 11, 27), 2);
        CapturingFactory b = run("XM-SM-001", LocalDate.of(2026, 11, 27), 2);
        assertEquals(a.messages.size(), b.messages.size());
        for (int i = 0; i < a.messages.size(); i++) {
            assertEquals(a.messages.get(i).topic(), b.messages.get(i).topic(), "message " + i);
            assertTrue(Arrays.equals(a.messages.get(i).payload(), b.messages.get(i).payload()), "message " + i);
        }
        assertTrue(a.messages.size() > 20_000, "two site days: " + a.messages.size());
    }

    @Test
    void anUploadCarriesWhatTheLiveRunPublishesAsArraysAheadOfWhatFollows() {
        LocalDate day = LocalDate.of(2026, 12, 2);
        CapturingFactory live = run("FZ-GL-001", day, 2);
        CapturingFactory upload = Runs.site(FLEET, "FZ-GL-001", day, 2, SEED, FleetRunner.Options.history(Throttle.NONE));
        assertEquals(Set.of("FZ-GL-001-history"), upload.messages.stream().map(CapturingFactory.Published::clientId)
                .collect(Collectors.toSet()), "one connection for the site");
        assertTrue(upload.wills.isEmpty(), "an upload leaves no last will");
        assertTrue(upload.messages.size() * 20 < live.messages.size(), upload.messages.size() + " messages instead of " + live.messages.size());
        Map<String, Long> newest = new HashMap<>();
        for (CapturingFactory.Published m : upload.messages) {
            String device = m.topic().split("/")[3];
            if (m.topic().endsWith("/telemetry")) {
                assertTrue(m.text().startsWith("["), "samples go as arrays");
                assertTrue(m.payload().length < WireFormat.MAX_PAYLOAD_BYTES);
                JsonNode array = Runs.parse(m.text());
                assertTrue(array.size() <= WireFormat.MAX_SAMPLES_PER_ARRAY);
                for (JsonNode s : array) {
                    long ts = s.get("ts").asLong();
                    assertTrue(ts > newest.getOrDefault(device, Long.MIN_VALUE), "in order: " + device);
                    newest.put(device, ts);
                }
            } else {
                assertFalse(m.retained(), "history is not retained");
                long ts = Runs.parse(m.text()).get("ts").asLong();
                assertTrue(ts >= newest.getOrDefault(device, Long.MIN_VALUE), "an event or status after the samples before it: " + m.text());
            }
        }
        for (var d : FLEET.site("FZ-GL-001").devices()) {
            List<String> liveSamples = Runs.samples(live, d.deviceId()).stream().map(JsonNode::toString).toList();
            List<String> uploaded = Runs.samples(upload, d.deviceId()).stream().map(JsonNode::toString).toList();
            assertEquals(liveSamples, uploaded, d.deviceId() + ": the same samples");
            assertEquals(live.on(d.deviceId() + "/event").stream().map(CapturingFactory.Published::text).toList(),
                    upload.on(d.deviceId() + "/event").stream().map(CapturingFactory.Published::text).toList(), d.deviceId() + ": the same events");
        }
    }

    private static ZonedDateTime local(long ts) {
        return Instant.ofEpochMilli(ts).atZone(ZONE);
    }
}
