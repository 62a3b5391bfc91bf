package io.sitewatch.simulator.demo;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;
import io.sitewatch.simulator.model.Seeds;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's "something happens every few minutes": starting 2 minutes in, every 4 minutes (± 30 s)
 * one site gets one incident, rotating over sites and incident types — crane overload lift, gondola
 * with 3 people, hoist overload trip, dust puff, wind squall, gondola tilt and arrester lock.
 * Planned for {@value #DAYS} days ahead; after that the fleet just runs normally.
 */
final class DemoIncidents {
    static final int DAYS = 7;
    private static final long MINUTE = 60_000;

    private DemoIncidents() {
    }

    static List<Disturbance> plan(Fleet fleet, long startTs, long seed) {
        SplittableRandom rnd = Seeds.random(seed, "demo-incidents");
        List<Disturbance> out = new ArrayList<>();
        long end = startTs + DAYS * 24 * 60 * MINUTE;
        int i = 0;
        for (long t = startTs + 2 * MINUTE; t < end; t += 4 * MINUTE + rnd.nextLong(-30_000, 30_000), i++) {
            SiteSpec site = fleet.sites().get(i % fleet.sites().size());
            int type = (i / fleet.sites().size()) % 6;
            Disturbance d = incident(site, type, t);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static Disturbance incident(SiteSpec site, int type, long t) {
        return switch (type) {
            case 0 -> site.firstOfKind("tower_crane")
                    .map(d -> Disturbance.of(DisturbanceKind.OVERLOAD, d.deviceId(), t, t + 10 * MINUTE, 106)).orElse(null);
            case 1 -> site.firstOfKind("gondola")
                    .map(d -> Disturbance.of(DisturbanceKind.OVERLOAD, d.deviceId(), t, t + 3 * MINUTE, 105)).orElse(null);
            case 2 -> site.firstOfKind("hoist")
                    .map(d -> Disturbance.of(DisturbanceKind.OVERLOAD, d.deviceId(), t, t + 5 * MINUTE, 105)).orElse(null);
            case 3 -> Disturbance.of(DisturbanceKind.DUST, site.siteId(), t, t + 90 * MINUTE, 400);
            case 4 -> Disturbance.of(DisturbanceKind.STORM, site.siteId(), t, t + 20 * MINUTE, 18);
            default -> site.firstOfKind("gondola")
                    .map(d -> Disturbance.of(DisturbanceKind.TILT, d.deviceId(), t, t + 4 * MINUTE, 9)).orElse(null);
        };
    }
}
