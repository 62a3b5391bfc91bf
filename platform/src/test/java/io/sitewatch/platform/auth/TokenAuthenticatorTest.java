package io.sitewatch.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sitewatch.core.config.SiteWatchConfig.TokenGrant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private final TokenAuthenticator auth = new TokenAuthenticator(List.of(
            new TokenGrant("admin-token-0123456789", "ops", "admin", List.of()),
            new TokenGrant("regulator-token-0123456789", "fz", "regulator", List.of("350100"))));

    @Test
    void aConfiguredTokenIsItsGrantsPrincipal() {
        assertEquals("ops", auth.authenticate("Bearer admin-token-0123456789").name());
        Principal fz = auth.authenticate("bearer   regulator-token-0123456789  ");
        assertEquals(Role.REGULATOR, fz.role());
        assertEquals(List.of("350100"), fz.regions());
    }

    @Test
    void anythingElseIsNobody() {
        for (String header : new String[] {null, "", "Bearer ", "Basic YWRtaW46YWRtaW4=", "admin-token-0123456789",
                "Bearer admin-token-012345678", "Bearer admin-token-01234567890", "Bearer admin-token-0123456788",
                "Bearer Admin-token-0123456789", "Bearer " + TokenAuthenticator.digest("admin-token-0123456789")}) {
            assertNull(auth.authenticate(header), String.valueOf(header));
        }
    }

    @Test
    void tokensAreKeptAndLookedUpOnlyAsSha256() {
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", TokenAuthenticator.digest("test"));
    }
}
