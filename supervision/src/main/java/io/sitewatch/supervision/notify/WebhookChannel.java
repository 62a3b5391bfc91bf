package io.sitewatch.supervision.notify;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic HTTPS webhook: the message as JSON, the same body on every attempt, with its
 * idempotency key in the {@code Idempotency-Key} header and the body, so a receiver can drop a
 * repeat. With a {@code secret}, {@code X-SiteWatch-Signature: sha256=<hex>} is the HMAC-SHA256 of
 * {@code <X-SiteWatch-Timestamp>.<body>} under the secret (the receiver recomputes it and may
 * refuse an old timestamp).
 */
final class WebhookChannel implements Channel {

    static final String KEY_HEADER = "Idempotency-Key";
    static final String SIGNATURE_HEADER = "X-SiteWatch-Signature";
    static final String TIMESTAMP_HEADER = "X-SiteWatch-Timestamp";

    private final HttpClient http;
    private final String url;
    private final String secret;
    private final Duration timeout;

    WebhookChannel(HttpClient http, String url, String secret, Duration timeout) {
        this.http = http;
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Message m) {
        String body = body(m).encode();
        return HttpPost.post(http, url, headers(m, body, secret, System.currentTimeMillis()), body, timeout, false);
    }

    static JsonObject body(Message m) {
        JsonObject recipient = NotificationPlan.GROUP.equals(m.recipient()) ? null
                : new JsonObject().put("name", m.recipient()).put("address", m.address());
        return new JsonObject()
                .put("idempotencyKey", m.key())
                .put("event", m.event())
                .put("lang", m.lang())
                .put("title", m.title())
                .put("text", m.body())
                .put("recipient", recipient)
                .put("subjectKind", m.subjectKind())
                .put("subject", new JsonObject(m.subject()));
    }

    static Map<String, String> headers(Message m, String body, String secret, long now) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(KEY_HEADER, m.key());
        h.put("X-SiteWatch-Event", m.event());
        h.put("X-SiteWatch-Attempt", String.valueOf(m.attempts() + 1));
        if (secret != null && !secret.isEmpty()) {
            String ts = String.valueOf(now);
            h.put(TIMESTAMP_HEADER, ts);
            h.put(SIGNATURE_HEADER, "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, ts + "." + body)));
        }
        return h;
    }

    static byte[] hmacSha256(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
