package io.sitewatch.platform.auth;

import io.vertx.core.Future;

/** Who a login token stands for: a principal, or null when the token is unknown or expired. */
@FunctionalInterface
public interface SessionLookup {

    /** Login tokens start so; configured tokens never do, so only these are looked up. */
    String LOGIN_TOKEN_PREFIX = "swl_";

    SessionLookup NONE = token -> Future.succeededFuture(null);

    Future<Principal> principal(String token);

    static boolean isLoginToken(String token) {
        return token != null && token.startsWith(LOGIN_TOKEN_PREFIX);
    }
}
