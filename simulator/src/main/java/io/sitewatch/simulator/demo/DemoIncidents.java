package io.sitewatch.simulator.demo;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.model.PowerPlan;
import io.sitewatch.simulator.model.Seeds;
import io.sitewatch.simulator.model.SiteContext;
import io.sitewatch.simulator.run.RawMessage;
import io.sitewatch.simulator.wire.EventData;
import io.sitewatch.simulator.wire.Topics;
import io.sitewatch.simulator.wire.WireFormat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The demo's "something happens every few minutes". The first incident comes {@value #FIRST_S} s
 * in, on the site that went live first, and raises an alarm on its first sample: a gondola with three people when
 * the site's machines are switched on, else the dust station's own over-limit alarm (a muck truck
 * leaving at night) with the dust itself. From 4 minutes in, every 4 minutes (± 30 s) one site gets
 * one incident, rotating over sites and incident types: crane overload lift, gondola with 3 people,
 * hoist overload trip, dust puff, wind squall, gondola tilt and arrester lock. A machine that is
 * switched off then (night, a day off, a dismantled hoist) cannot have its incident: the site gets
 * night-time noise from unpermitted work instead between 22:00 and 06:00, else a dust puff.
 * Planned for {@value #DAYS} days ahead; after that the fleet just runs normally.
 */
final class DemoIncidents {
    static final int DAYS = 7;
    static final int FIRST_S = 15;
    private static final long MINUTE = 60_000;

    /** The disturbances and the raw messages (devices' own alarms) of the plan. */
    record Plan(List<Disturbance> disturbances, List<RawMessage> raw) {

        Disturbances asDisturbances() {
            return new Disturbances(disturbances);
        }

        /** The raw messages sent by the devices of one site. */
        List<RawMessage> rawOf(SiteSpec site) {
            return raw.stream().filter(m -> site.devices().stream().anyMatch(d -> d.deviceId().equals(m.clientId()))).toList();
        }
    }

    private DemoIncidents() {
    }

    /**
     * Incidents from {@code startTs}, the first on {@code first} (the site live first), on sites
     * played as they work ({@code realSite}) or around the clock.
     */
    static Plan plan(Fleet fleet, SiteSpec first, long startTs, long seed, boolean realSite) {
        SplittableRandom rnd = Seeds.random(seed, "demo-incidents");
        List<Disturbance> out = new ArrayList<>();
        List<RawMessage> raw = new ArrayList<>();
        first(first, fleet, startTs + FIRST_S * 1000L, seed, realSite, out, raw);
        long end = startTs + DAYS * 24 * 60 * MINUTE;
        int i = 0;
        for (long t = startTs + 4 * MINUTE; t < end; t += 4 * MINUTE + rnd.nextLong(-30_000, 30_000), i++) {
            SiteSpec site = fleet.sites().get(i % fleet.sites().size());
            int type = (i / fleet.sites().size()) % 6;
            Disturbance d = incident(site, type, t, on(fleet, site, seed, realSite, t));
            if (d != null) {
                out.add(d);
            }
        }
        return new Plan(out, raw);
    }

    private static void first(SiteSpec site, Fleet fleet, long t, long seed, boolean realSite, List<Disturbance> out,
                              List<RawMessage> raw) {
        Optional<DeviceSpec> gondola = site.firstOfKind("gondola").filter(on(fleet, site, seed, realSite, t)::test);
        if (gondola.isPresent()) {
            out.add(Disturbance.of(DisturbanceKind.OVERLOAD, gondola.get().deviceId(), t, t + 3 * MINUTE, 105));
            return;
        }
        Optional<DeviceSpec> env = site.firstOfKind("env");
        if (env.isEmpty()) {
            return;
        }
        long end = t + 30 * MINUTE;
        out.add(Disturbance.of(DisturbanceKind.DUST, site.siteId(), t, end, 400));
        String topic = Topics.event(site.siteId(), env.get().deviceId());
        raw.add(new RawMessage(t, env.get().deviceId(), topic, WireFormat.utf8(WireFormat.event(t, "device_alarm",
                new EventData().text("code", "PM10_LIMIT").text("level", "alarm").flag("active", true)
                        .text("text", "PM10 实时浓度超过设定值 150 µg/m³，已联动喷淋"))), 1, "demo: dust over the limit"));
        raw.add(new RawMessage(end, env.get().deviceId(), topic, WireFormat.utf8(WireFormat.event(end, "device_alarm",
                new EventData().text("code", "PM10_LIMIT").text("level", "alarm").flag("active", false)
                        .text("text", "PM10 实时浓度恢复正常"))), 1, "demo: dust back to normal"));
    }

    /** Whether a device of the site is switched on at {@code t}. */
    private static Predicate<DeviceSpec> on(Fleet fleet, SiteSpec site, long seed, boolean realSite, long t) {
        SiteContext context = SiteContext.of(fleet, site, seed, Disturbances.NONE, realSite);
        return d -> PowerPlan.of(d, context).state(t) == PowerPlan.State.ON;
    }

    private static Disturbance incident(SiteSpec site, int type, long t, Predicate<DeviceSpec> on) {
        Optional<Disturbance> machine = switch (type) {
            case 0 -> site.firstOfKind("tower_crane").filter(on)
                    .map(d -> Disturbance.of(DisturbanceKind.OVERLOAD, d.deviceId(), t, t + 10 * MINUTE, 106));
            case 1 -> site.firstOfKind("gondola").filter(on)
                    .map(d -> Disturbance.of(DisturbanceKind.OVERLOAD, d.deviceId(), t, t + 3 * MINUTE, 105));
            case 2 -> site.firstOfKind("hoist").filter(on)
                    .map(d -> Disturbance.of(DisturbanceKind.OVERLOAD, d.deviceId(), t, t + 5 * MINUTE, 105));
            case 3 -> Optional.of(Disturbance.of(DisturbanceKind.DUST, site.siteId(), t, t + 90 * MINUTE, 400));
            case 4 -> Optional.of(Disturbance.of(DisturbanceKind.STORM, site.siteId(), t, t + 20 * MINUTE, 18));
            default -> site.firstOfKind("gondola").filter(on)
                    .map(d -> Disturbance.of(DisturbanceKind.TILT, d.deviceId(), t, t + 4 * MINUTE, 9));
        };
        if (machine.isPresent()) {
            return machine.get();
        }
        int hour = Instant.ofEpochMilli(t).atZone(site.timezone()).getHour();
        return hour >= 22 || hour < 6
                ? Disturbance.of(DisturbanceKind.NIGHT_WORK, site.siteId(), t, t + 30 * MINUTE, 62)
                : Disturbance.of(DisturbanceKind.DUST, site.siteId(), t, t + 90 * MINUTE, 400);
    }
}
