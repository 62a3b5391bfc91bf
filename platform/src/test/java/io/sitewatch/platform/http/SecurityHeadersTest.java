package io.sitewatch.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    void thePolicyAllowsNoInlineScriptAndOnlyHashedInlineStyles() {
        String p = SecurityHeaders.policy(List.of("'sha256-abc='"));
        assertEquals("default-src 'self'; script-src 'self'; style-src 'self' 'sha256-abc='; img-src 'self'; font-src 'self';"
                + " connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'", p);
        assertFalse(p.contains("unsafe"));
    }

    @Test
    void headersAreSetAndAHandlersOwnPolicyIsKept() {
        MultiMap plain = MultiMap.caseInsensitiveMultiMap();
        new SecurityHeaders(List.of(), false).set(plain);
        assertEquals("nosniff", plain.get("X-Content-Type-Options"));
        assertEquals("DENY", plain.get("X-Frame-Options"));
        assertEquals("no-referrer", plain.get("Referrer-Policy"));
        assertTrue(plain.get("Content-Security-Policy").startsWith("default-src 'self'"));
        assertFalse(plain.contains("Strict-Transport-Security"));

        MultiMap tls = MultiMap.caseInsensitiveMultiMap().add("Content-Security-Policy", "sandbox");
        new SecurityHeaders(List.of(), true).set(tls);
        assertEquals("sandbox", tls.get("Content-Security-Policy"));
        assertEquals("max-age=31536000", tls.get("Strict-Transport-Security"));
    }
}
