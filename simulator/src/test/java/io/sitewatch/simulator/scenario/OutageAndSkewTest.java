package io.sitewatch.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.simulator.CapturingFactory;
import io.sitewatch.simulator.Runs;
import io.sitewatch.simulator.wire.WireFormat;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutageAndSkewTest {
    private static final String CRANE = Runs.SITE + "-TC01";

    @Test
    void outageIsFollowedByABacklogThatFillsTheGapExactly() {
        CapturingFactory run = Runs.scenario("outage-backlog", 42);
        List<CapturingFactory.Published> arrays = run.on(CRANE + "/telemetry").stream()
                .filter(m -> m.text().startsWith("[")).toList();
        assertEquals(3, arrays.size(), "720 crane samples need 3 arrays under 64 KiB");
        for (var a : arrays) {
            assertTrue(a.payload().length < WireFormat.MAX_PAYLOAD_BYTES, "array size " + a.payload().length);
            assertTrue(Runs.parse(a.text()).size() <= WireFormat.MAX_SAMPLES_PER_ARRAY);
        }
        List<JsonNode> samples = Runs.samples(run, CRANE);
        assertEquals(8640, samples.size(), "no sample lost");
        for (int i = 1; i < samples.size(); i++) {
            assertEquals(samples.get(i - 1).get("seq").asLong() + 1, samples.get(i).get("seq").asLong());
            assertEquals(10_000, samples.get(i).get("ts").asLong() - samples.get(i - 1).get("ts").asLong());
        }
        long from = at(14, 0);
        long to = at(16, 0);
        // Nothing is published live during the outage: live messages around then are only the backlog.
        int firstArray = run.messages.indexOf(arrays.get(0));
        JsonNode before = Runs.parse(run.messages.subList(0, firstArray).stream()
                .filter(m -> m.topic().endsWith(CRANE + "/telemetry")).reduce((x, y) -> y).orElseThrow().text());
        assertTrue(before.get("ts").asLong() < from, "last live sample before the outage");
        assertTrue(Runs.parse(arrays.get(0).text()).get(0).get("ts").asLong() >= from);
        assertTrue(Runs.parse(arrays.get(2).text()).get(Runs.parse(arrays.get(2).text()).size() - 1).get("ts").asLong() < to);
    }

    @Test
    void skewedClocksShiftOnlyTheirDevicesTimestamps() {
        CapturingFactory run = Runs.scenario("clock-skew", 42);
        List<JsonNode> env = Runs.samples(run, Runs.SITE + "-ENV01");
        long ahead = env.stream().filter(s -> s.get("ts").asLong() > at(24, 0) + 24 * 3_600_000L).count();
        assertEquals(60, ahead, "one hour of 60 s samples is 48 h ahead");
        List<JsonNode> crane = Runs.samples(run, CRANE);
        assertTrue(crane.get(0).get("ts").asLong() < at(0, 0), "crane 40 min slow starts before midnight");
    }

    @Test
    void hostileScenarioSendsEveryRawMessageOnce() {
        CapturingFactory run = Runs.scenario("hostile", 42);
        long oversized = run.messages.stream().filter(m -> m.payload().length > WireFormat.MAX_PAYLOAD_BYTES).count();
        assertEquals(1, oversized);
        assertEquals(1, run.on("GHOST99/telemetry").size());
        assertEquals(1, run.messages.stream().filter(m -> m.topic().startsWith("sitewatch/v1/OTHER-SITE-01/")).count());
    }

    private static long at(int hour, int minute) {
        return ZonedDateTime.of(Runs.DAY.atStartOfDay(), ZoneId.of("Asia/Shanghai")).plusHours(hour).plusMinutes(minute)
                .toInstant().toEpochMilli();
    }
}
