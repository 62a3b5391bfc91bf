package io.sitewatch.platform.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void regionCodesNestLikeTheAdministrativeDivisions() {
        Principal district = new Principal("r", Role.REGULATOR, List.of("350102"));
        assertTrue(district.canSeeRegion("350102"));
        assertFalse(district.canSeeRegion("350103"));
        Principal city = new Principal("r", Role.REGULATOR, List.of("350100"));
        assertTrue(city.canSeeRegion("350102"));
        assertFalse(city.canSeeRegion("350203"));
        Principal province = new Principal("r", Role.REGULATOR, List.of("350000"));
        assertTrue(province.canSeeRegion("350203"));
        assertFalse(province.canSeeRegion("360102"));
        assertFalse(district.canSeeRegion(null));
        assertTrue(new Principal("a", Role.ADMIN, List.of()).canSeeRegion("440300"));
    }
}
