package io.sitewatch.platform.auth;

import io.sitewatch.core.config.SiteWatchConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens from configuration. Tokens are looked up by their SHA-256, so the comparison time
 * does not depend on how much of a guessed token is right.
 */
public final class TokenAuthenticator {

    private final Map<String, Principal> byDigest = new HashMap<>();

    public TokenAuthenticator(List<SiteWatchConfig.TokenGrant> grants) {
        for (SiteWatchConfig.TokenGrant g : grants) {
            byDigest.put(digest(g.token()), new Principal(g.name() == null ? g.role() : g.name(),
                    Role.fromCode(g.role()), g.regions(), g.sites()));
        }
    }

    /** The principal of an {@code Authorization} header value, or null when absent or unknown. */
    public Principal authenticate(String authorization) {
        String token = bearer(authorization);
        return token == null ? null : byDigest.get(digest(token));
    }

    /** The token of a {@code Bearer} header value, or null. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** The SHA-256 of a token, hex: tokens are kept and compared only as this. */
    public static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
