package io.sitewatch.core.region;

/** The 6-digit administrative division codes (GB/T 2260) as scopes: a province covers its cities, a city its districts. */
public final class RegionCodes {

    private RegionCodes() {
    }

    /** Whether the code {@code scope} is {@code region}, or a city or province that contains it. */
    public static boolean covers(String scope, String region) {
        if (scope.equals(region)) {
            return true;
        }
        if (scope.length() != 6 || region.length() != 6) {
            return false;
        }
        if (scope.endsWith("0000")) {
            return region.startsWith(scope.substring(0, 2));
        }
        if (scope.endsWith("00")) {
            return region.startsWith(scope.substring(0, 4));
        }
        return false;
    }
}
