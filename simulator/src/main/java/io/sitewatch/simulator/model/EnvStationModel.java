package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.wire.Readings;

import java.util.SplittableRandom;

/**
 * A dust and noise station (扬尘噪声在线监测) at the site boundary: particulates with a background
 * that peaks in the morning and evening plus construction activity in working hours; noise around
 * 57 dB(A) while working, 50 in the day otherwise and 42 at night (site time zone); weather.
 *
 * <p>Normal day: hourly PM10 &lt; 110, PM2.5 &lt; 55, day Leq &lt; 62, night Leq &lt; 47 and Lmax &lt; 55,
 * so no environment rule fires. DUST adds up to {@code magnitude} µg/m³ PM10 (triangle over the
 * window; PM2.5 half of it). NIGHT_WORK sets noise to {@code magnitude} ± 2 dB(A) with a
 * {@code magnitude} + 15 impulse in the samples of minutes 3, 13, 23, 33, 43 and 53.
 */
public final class EnvStationModel implements DeviceModel {
    private final DeviceSpec spec;
    private final SiteContext site;
    private final SplittableRandom rnd;
    private final SmoothNoise background;
    private final SmoothNoise activity;
    private final SmoothNoise sound;

    public EnvStationModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        this.rnd = Seeds.random(site.seed(), spec.deviceId());
        long s = Seeds.mix(site.seed(), "env/" + spec.deviceId());
        this.background = new SmoothNoise(s, 4 * 3_600_000.0);
        this.activity = new SmoothNoise(s + 1, 600_000.0);
        this.sound = new SmoothNoise(s + 2, 300_000.0);
    }

    @Override
    public void sample(long ts, Emitter out) {
        double hour = site.schedule().hourOfDay(ts);
        boolean working = site.schedule().working(ts);
        double rushHours = 12 * (Math.exp(-sq(hour - 8) / 2) + Math.exp(-sq(hour - 18.5) / 2));
        double pm10 = 35 + 12 * background.at(ts) + rushHours
                + (working ? 22 + 15 * activity.at(ts) : 0)
                + 3 * rnd.nextDouble();
        double dustExtra = site.disturbances().active(DisturbanceKind.DUST, site.site().siteId(), ts)
                .map(d -> d.magnitude() * d.triangle(ts)).orElse(0.0);
        pm10 += dustExtra;
        double pm25 = 0.45 * (pm10 - dustExtra) + 0.5 * dustExtra + rnd.nextDouble() * 2;
        double tsp = 1.7 * pm10 + rnd.nextDouble() * 5;

        out.telemetry(ts, new Readings()
                .put("pm25_ugm3", pm25, 0)
                .put("pm10_ugm3", pm10, 0)
                .put("tsp_ugm3", tsp, 0)
                .put("noise_dba", noise(ts, working), 1)
                .put("wind_ms", site.weather().windMs(ts, 10), 1)
                .put("temp_c", site.weather().temperatureC(ts), 1)
                .put("humidity_pct", site.weather().humidityPct(ts), 0));
    }

    private double noise(long ts, boolean working) {
        var nightWork = site.disturbances().active(DisturbanceKind.NIGHT_WORK, site.site().siteId(), ts);
        double jitter = 2 * sound.at(ts) + 0.4 * rnd.nextDouble();
        if (nightWork.isPresent()) {
            long minute = (ts / 60_000) % 60;
            double impulse = minute % 10 == 3 ? 15 : 0;
            return nightWork.get().magnitude() + jitter + impulse;
        }
        if (working) {
            return 57 + 2.5 * jitter;
        }
        return site.schedule().night(ts) ? 42 + jitter : 50 + jitter;
    }

    private static double sq(double x) {
        return x * x;
    }
}
