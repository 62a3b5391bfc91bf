package io.sitewatch.supervision.notify;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One JSON POST with a timeout, its answer read as the robots' {@code {"errcode", "errmsg"}} when asked. */
final class HttpPost {

    private HttpPost() {
    }

    /**
     * Posts {@code body}; sent when the status is 2xx and, for a robot ({@code robot}), its answer
     * has {@code errcode} 0 (the robots answer 200 with an error code when they refuse a message).
     */
    static Channel.Outcome post(HttpClient http, String url, Map<String, String> headers, String body, Duration timeout,
                                boolean robot) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return Channel.Outcome.failed("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Channel.Outcome.failed("cannot reach " + host(url) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Channel.Outcome.failed("interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            return Channel.Outcome.failed("HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        if (!robot) {
            return Channel.Outcome.SENT;
        }
        try {
            JsonObject answer = new JsonObject(r.body());
            Integer code = answer.getInteger("errcode");
            return code != null && code == 0 ? Channel.Outcome.SENT
                    : Channel.Outcome.failed("errcode " + code + ": " + answer.getString("errmsg"));
        } catch (DecodeException | ClassCastException e) {
            return Channel.Outcome.failed("the answer is not the robot's JSON: " + abbreviate(r.body()));
        }
    }

    /** The host only: a robot's URL carries its key, which no log or list should show. */
    static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** {@code s} cut to at most {@code maxBytes} of UTF-8, never inside a character; "…" marks a cut. */
    static String utf8Prefix(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int budget = maxBytes - "…".getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + n > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return out.append('…').toString();
    }
}
