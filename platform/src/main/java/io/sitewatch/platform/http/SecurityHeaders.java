package io.sitewatch.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Headers every answer carries, API and console files alike, set just before the headers go out
 * so that error answers (404, 413, 500) have them too:
 * <ul>
 * <li>{@code Content-Security-Policy}: scripts, styles and connections from this origin only, no
 *     inline script, no plugins, no framing; styles may add hashes of fixed inline style elements
 *     (the printable rating report's);
 * <li>{@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY} (for browsers without
 *     {@code frame-ancestors}), {@code Referrer-Policy: no-referrer};
 * <li>{@code Strict-Transport-Security} when served over TLS.
 * </ul>
 * A handler that sets its own {@code Content-Security-Policy} keeps it.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

    public static final String CSP = "Content-Security-Policy";

    private final String policy;
    private final boolean tls;

    /**
     * @param styleSources extra {@code style-src} sources, such as {@code 'sha256-…'} of an inline style element
     * @param tls          whether the server speaks HTTPS (then browsers are told to keep to it)
     */
    public SecurityHeaders(List<String> styleSources, boolean tls) {
        this.policy = policy(styleSources);
        this.tls = tls;
    }

    /** The policy: no inline script or style attribute anywhere; {@code styleSources} may allow fixed style elements. */
    public static String policy(List<String> styleSources) {
        List<String> style = new ArrayList<>(List.of("'self'"));
        style.addAll(styleSources);
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src " + String.join(" ", style),
                "img-src 'self'",
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "frame-ancestors 'none'",
                "base-uri 'self'",
                "form-action 'self'");
    }

    public String policy() {
        return policy;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> set(ctx.response().headers()));
        ctx.next();
    }

    /** Sets the headers on an answer that did not pass through {@link #handle} (one the router refused before routing). */
    public void set(MultiMap h) {
        if (!h.contains(CSP)) {
            h.set(CSP, policy);
        }
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        if (tls) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
