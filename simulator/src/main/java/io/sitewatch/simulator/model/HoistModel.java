package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.wire.Readings;

import java.util.SplittableRandom;

/**
 * A construction hoist (施工升降机): trips between floors during working hours with people and
 * goods, doors open while loading, parked at ground level with doors shut otherwise.
 *
 * <p>Normal trips carry at most {@code params.people_limit} − 2 people and ≤ 80 % of
 * {@code params.ratedLoadKg}. OVERLOAD: the first trip starting in the window carries
 * people_limit + 2 people and {@code magnitude} % of the rated load (forced even off-hours).
 */
public final class HoistModel implements DeviceModel {
    private static final double PERSON_KG = 75;

    private final DeviceSpec spec;
    private final SiteContext site;
    private final SplittableRandom rnd;
    private final OperatorShift shift;
    private final double ratedKg;
    private final int peopleLimit;
    private final int floors;
    private final double floorM;
    private final double speedMs;
    private final double mastM;

    private HoistTrip trip;
    private double parkedM;
    private long lastOverloadFrom = Long.MIN_VALUE;

    public HoistModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        this.rnd = Seeds.random(site.seed(), spec.deviceId());
        this.shift = new OperatorShift(spec.deviceId(), spec.sim().text("operator", ""), site.disturbances());
        this.ratedKg = spec.params().number("ratedLoadKg", 2000);
        this.peopleLimit = (int) spec.params().number("people_limit", 9);
        this.floors = (int) spec.sim().number("floors", 25);
        this.floorM = spec.sim().number("floorHeightM", 3.0);
        this.speedMs = spec.sim().number("speedMs", 0.6);
        this.mastM = floors * floorM + 6;
    }

    @Override
    public void sample(long ts, Emitter out) {
        var overload = site.disturbances().active(DisturbanceKind.OVERLOAD, spec.deviceId(), ts);
        boolean forced = overload.isPresent() && overload.get().fromTs() != lastOverloadFrom;
        boolean working = site.schedule().working(ts) || forced;
        if (trip != null && ts >= trip.endTs()) {
            parkedM = trip.toM();
            trip = null;
        }
        if (trip == null) {
            // At the end of a shift the driver brings the cage down before logging out.
            boolean parkFirst = !working && shift.loggedIn() && parkedM > 0;
            if (!parkFirst) {
                shift.update(ts, working, out);
            }
            if (working && shift.loggedIn()) {
                trip = forced ? overloadTrip(ts, overload.get().magnitude()) : normalTrip(ts);
                if (forced) {
                    lastOverloadFrom = overload.get().fromTs();
                }
            } else if (parkedM > 0) {
                trip = new HoistTrip(ts, parkedM, 0, 5_000, speedMs, 0, 0);
            }
        }
        double height = trip == null ? parkedM : trip.heightAt(ts);
        int people = trip == null ? 0 : trip.people();
        double load = trip == null ? 0 : trip.loadKg();
        out.telemetry(ts, new Readings()
                .put("load_kg", load, 0)
                .put("load_pct", 100 * load / ratedKg, 1)
                .put("people", people, 0)
                .put("height_m", height, 1)
                .put("speed_ms", trip == null ? 0 : trip.speedAt(ts), 2)
                .put("wind_ms", site.weather().windMs(ts, mastM), 1)
                .put("tilt_deg", 0.2 + 0.1 * load / ratedKg + 0.02 * rnd.nextDouble(), 2)
                .flag("door_open", trip != null && trip.doorOpen(ts)));
    }

    private HoistTrip normalTrip(long ts) {
        int people = rnd.nextInt(0, Math.max(1, peopleLimit - 1));
        double maxGoods = Math.max(0, 0.8 * ratedKg - people * PERSON_KG);
        double goods = rnd.nextDouble() < 0.5 ? 0 : rnd.nextDouble() * maxGoods;
        return new HoistTrip(ts, parkedM, nextFloorM(), rnd.nextLong(30_000, 90_000), speedMs, people,
                people * PERSON_KG + goods);
    }

    private HoistTrip overloadTrip(long ts, double pct) {
        return new HoistTrip(ts, parkedM, nextFloorM(), 40_000, speedMs, peopleLimit + 2, pct / 100 * ratedKg);
    }

    private double nextFloorM() {
        int floor = rnd.nextInt(0, floors + 1);
        double m = floor * floorM;
        return m == parkedM ? (parkedM == 0 ? floorM * floors : 0) : m;
    }
}
