package io.sitewatch.core.personnel;

/** A site's fence for clock-ins: a circle around a WGS-84 point. */
public record GeoFence(double lat, double lon, double radiusM) {

    private static final double EARTH_RADIUS_M = 6_371_008.8;

    public GeoFence {
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) { // NaN is no position either
            throw new IllegalArgumentException("location must be WGS-84 degrees (lat −90…90, lon −180…180)");
        }
        if (!(radiusM > 0) || Double.isInfinite(radiusM)) {
            throw new IllegalArgumentException("radiusM must be a positive number of metres");
        }
    }

    /** Great-circle distance in metres (haversine; a few metres off at most on a site's scale). */
    public double distanceM(double lat2, double lon2) {
        double p1 = Math.toRadians(lat);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    public boolean contains(double lat2, double lon2) {
        return distanceM(lat2, lon2) <= radiusM;
    }
}
