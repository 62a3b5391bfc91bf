package io.sitewatch.platform.auth;

import io.sitewatch.core.region.RegionCodes;
import java.util.List;
import java.util.Set;

/**
 * Who is calling. A regulator sees only sites in its regions; a region code covers its own
 * subdivisions the way 行政区划 codes nest: {@code 350000} (province) covers {@code 3501xx}
 * and {@code 350102}; {@code 350100} (city) covers {@code 350102}; {@code 350102} only itself.
 * A site's staff (role {@code site}) see only their {@code sites}, and no region as a whole.
 */
public record Principal(String name, Role role, List<String> regions, List<String> sites, String displayName) {

    public Principal {
        regions = List.copyOf(regions);
        sites = sites == null ? List.of() : List.copyOf(sites);
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
    }

    public Principal(String name, Role role, List<String> regions, List<String> sites) {
        this(name, role, regions, sites, null);
    }

    public Principal(String name, Role role, List<String> regions) {
        this(name, role, regions, List.of());
    }

    /** True when this caller may see data of site {@code siteId}, which lies in {@code region}. */
    public boolean canSeeSite(String siteId, String region) {
        if (role == Role.SITE) {
            return siteId != null && sites.contains(siteId);
        }
        return canSeeRegion(region);
    }

    public boolean is(Role... roles) {
        return Set.of(roles).contains(role);
    }

    /** True when this caller may see data of every site in {@code region}. */
    public boolean canSeeRegion(String region) {
        if (role == Role.SITE) {
            return false;
        }
        if (role != Role.REGULATOR) {
            return true;
        }
        if (region == null) {
            return false;
        }
        for (String scope : regions) {
            if (covers(scope, region)) {
                return true;
            }
        }
        return false;
    }

    static boolean covers(String scope, String region) {
        return RegionCodes.covers(scope, region);
    }
}
