package io.sitewatch.core.region;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegionCodesTest {

    @Test
    void aProvinceCoversItsCitiesAndDistrictsACityItsDistrictsADistrictOnlyItself() {
        assertTrue(RegionCodes.covers("350000", "350102"));
        assertTrue(RegionCodes.covers("350000", "350100"));
        assertTrue(RegionCodes.covers("350100", "350102"));
        assertTrue(RegionCodes.covers("350102", "350102"));
        assertFalse(RegionCodes.covers("350100", "350203"), "Fuzhou does not cover a Xiamen district");
        assertFalse(RegionCodes.covers("350102", "350103"));
        assertFalse(RegionCodes.covers("350102", "350100"), "a district does not cover its city");
        assertFalse(RegionCodes.covers("350000", "360102"));
        assertFalse(RegionCodes.covers("350000", "35"), "not a 6-digit code");
    }
}
