package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.FreeForm;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.wire.EventData;
import io.sitewatch.simulator.wire.Readings;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvStationModelTest {
    /** 10:00 in Fuzhou is 21:00 the evening before in New York... and 02:00 UTC. */
    private static final ZonedDateTime FUZHOU_MORNING = ZonedDateTime.of(2026, 6, 15, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));

    @Test
    void loudByDayAndQuietAtNightInTheSitesOwnTimeZone() {
        long from = FUZHOU_MORNING.toInstant().toEpochMilli();
        // Same instants: day in Fuzhou, 22:00-23:00 (night) in New York.
        double fuzhou = leq(noise("Asia/Shanghai", from, from + 3_600_000));
        double newYork = leq(noise("America/New_York", from, from + 3_600_000));
        assertTrue(fuzhou > 55 && fuzhou < 65, "working-hours Leq " + fuzhou);
        assertTrue(newYork < 50, "night Leq " + newYork);

        // And in Fuzhou itself: 02:00-03:00 local is quiet, 09:00-10:00 loud.
        long night = FUZHOU_MORNING.withHour(2).toInstant().toEpochMilli();
        assertTrue(leq(noise("Asia/Shanghai", night, night + 3_600_000)) < 50);
    }

    @Test
    void dustEpisodeRaisesThePm10HourlyMeanAboveTheAlarmLevel() {
        long from = FUZHOU_MORNING.withHour(9).toInstant().toEpochMilli();
        Disturbances dust = new Disturbances(List.of(
                Disturbance.of(DisturbanceKind.DUST, "S-1", from, from + 4 * 3_600_000, 260)));
        List<Readings> normal = samples("Asia/Shanghai", Disturbances.NONE, from + 3_600_000, from + 3 * 3_600_000);
        List<Readings> episode = samples("Asia/Shanghai", dust, from + 3_600_000, from + 3 * 3_600_000);
        double normalMean = normal.stream().mapToDouble(r -> r.get("pm10_ugm3")).average().orElseThrow();
        double episodeMean = episode.stream().mapToDouble(r -> r.get("pm10_ugm3")).average().orElseThrow();
        assertTrue(normalMean < 150, "normal PM10 mean " + normalMean);
        assertTrue(episodeMean > 200, "dust PM10 mean 10:00-12:00 " + episodeMean);
    }

    private static List<Double> noise(String zone, long from, long to) {
        return samples(zone, Disturbances.NONE, from, to).stream().map(r -> r.get("noise_dba")).toList();
    }

    private static List<Readings> samples(String zone, Disturbances disturbances, long from, long to) {
        DeviceSpec env = new DeviceSpec("S-1-ENV", "S-1", "env", "env", 60, FreeForm.EMPTY, FreeForm.EMPTY);
        SiteSpec site = new SiteSpec("S-1", "s", "350102", new Enterprise("c", "n"), "building", ZoneId.of(zone),
                1, LocalDate.of(2025, 1, 1), LocalDate.of(2027, 1, 1), List.of(env), FreeForm.EMPTY);
        Fleet fleet = new Fleet(List.of(site), List.of());
        EnvStationModel model = new EnvStationModel(env, SiteContext.of(fleet, site, 7, disturbances));
        List<Readings> out = new ArrayList<>();
        for (long t = from; t < to; t += 60_000) {
            model.sample(t, new Emitter() {
                @Override
                public void telemetry(long ts, Readings values) {
                    out.add(values);
                }

                @Override
                public void event(long ts, String type, EventData data) {
                }
            });
        }
        return out;
    }

    private static double leq(List<Double> levels) {
        return 10 * Math.log10(levels.stream().mapToDouble(l -> Math.pow(10, l / 10)).average().orElseThrow());
    }
}
