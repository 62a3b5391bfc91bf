package io.sitewatch.simulator.model;

/**
 * A site's weather as a pure function of time: wind with slow fronts, an afternoon sea breeze and
 * gusts; temperature and humidity with a daily cycle; plus any STORM disturbance on the site.
 * Normal-day wind stays under 5 m/s at 10 m, so no wind rule fires without a storm.
 */
public final class Weather {
    private final String siteId;
    private final WorkSchedule schedule;
    private final Disturbances disturbances;
    private final SmoothNoise front;
    private final SmoothNoise gust;
    private final SmoothNoise drift;

    public Weather(long seed, String siteId, WorkSchedule schedule, Disturbances disturbances) {
        this.siteId = siteId;
        this.schedule = schedule;
        this.disturbances = disturbances;
        long s = Seeds.mix(seed, "weather/" + siteId);
        this.front = new SmoothNoise(s, 6 * 3_600_000.0);
        this.gust = new SmoothNoise(s + 1, 25_000.0);
        this.drift = new SmoothNoise(s + 2, 3 * 3_600_000.0);
    }

    /** Wind speed in m/s at a height, by the 1/7 power law from the 10 m reference. */
    public double windMs(long ts, double heightM) {
        double breeze = 0.7 * Math.max(0, Math.sin((schedule.hourOfDay(ts) - 9) / 12 * Math.PI));
        double base = 1.5 + 0.8 * Math.max(0, front.at(ts)) + breeze;
        double gustiness = 0.5 + 0.5 * gust.at(ts);
        double storm = disturbances.active(DisturbanceKind.STORM, siteId, ts)
                .map(d -> d.magnitude() * d.triangle(ts)).orElse(0.0);
        double at10 = base + gustiness * (1.0 + 0.25 * storm) + storm;
        return at10 * Math.pow(Math.max(heightM, 2) / 10.0, 1 / 7.0);
    }

    public double temperatureC(long ts) {
        double daily = Math.sin((schedule.hourOfDay(ts) - 8) / 24 * 2 * Math.PI);
        return 23 + 4.5 * daily + 1.5 * drift.at(ts) - 3 * stormFactor(ts);
    }

    public double humidityPct(long ts) {
        double daily = Math.sin((schedule.hourOfDay(ts) - 8) / 24 * 2 * Math.PI);
        double h = 72 - 14 * daily + 6 * drift.at(ts) + 25 * stormFactor(ts);
        return Math.max(20, Math.min(100, h));
    }

    private double stormFactor(long ts) {
        return disturbances.active(DisturbanceKind.STORM, siteId, ts).map(d -> d.triangle(ts)).orElse(0.0);
    }
}
