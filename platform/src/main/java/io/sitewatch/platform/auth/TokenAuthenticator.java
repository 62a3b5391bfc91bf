package io.sitewatch.platform.auth;

import io.sitewatch.core.config.SiteWatchConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Bearer tokens from configuration. Only their SHA-256 is kept; a presented token's SHA-256 is
 * compared with every configured one by {@link MessageDigest#isEqual} (time independent of where
 * the bytes differ) and without stopping at a match, so the answer time says nothing about how much
 * of a guessed token is right, nor which grant matched.
 */
public final class TokenAuthenticator {

    private record Grant(byte[] digest, Principal principal) {
    }

    private final List<Grant> grants;

    public TokenAuthenticator(List<SiteWatchConfig.TokenGrant> grants) {
        this.grants = grants.stream().map(g -> new Grant(sha256(g.token()), new Principal(g.name() == null ? g.role() : g.name(),
                Role.fromCode(g.role()), g.regions(), g.sites()))).toList();
    }

    /** The principal of an {@code Authorization} header value, or null when absent or unknown. */
    public Principal authenticate(String authorization) {
        String token = bearer(authorization);
        if (token == null) {
            return null;
        }
        byte[] presented = sha256(token);
        Principal found = null;
        for (Grant g : grants) {
            if (MessageDigest.isEqual(g.digest(), presented) && found == null) {
                found = g.principal();
            }
        }
        return found;
    }

    /** The token of a {@code Bearer} header value, or null. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** The SHA-256 of a token, hex: login tokens are kept, and looked up, only as this. */
    public static String digest(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
