package io.sitewatch.supervision.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A DingTalk (钉钉) custom group robot: POST to its webhook URL
 * ({@code .../robot/send?access_token=...}) a message of {@code msgtype} {@code text}
 * ({@code text.content}) or {@code markdown} ({@code markdown.title}, {@code markdown.text}), with
 * {@code at.atMobiles} to @ an on-call person (the mobile also written in the text, where DingTalk
 * shows the mention). A robot whose security setting is signing (加签) takes
 * {@code &timestamp=<ms>&sign=<sign>} on its URL: sign is the Base64 of the HMAC-SHA256 of
 * {@code <timestamp>\n<secret>} under the secret, URL-encoded; DingTalk refuses a timestamp more
 * than an hour off. The robot answers {@code {"errcode": 0, "errmsg": "ok"}} when it took the message.
 */
final class DingTalkChannel implements Channel {

    private final HttpClient http;
    private final String url;
    private final String secret;
    private final String msgtype;
    private final Duration timeout;

    DingTalkChannel(HttpClient http, String url, String secret, String msgtype, Duration timeout) {
        this.http = http;
        this.url = url;
        this.secret = secret;
        this.msgtype = msgtype;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Message m) {
        return HttpPost.post(http, signedUrl(url, secret, System.currentTimeMillis()),
                Map.of(WebhookChannel.KEY_HEADER, m.key()), payload(m, msgtype).encode(), timeout, true);
    }

    /** The robot's URL, with timestamp and sign added when it has a signing secret. */
    static String signedUrl(String url, String secret, long now) {
        if (secret == null || secret.isEmpty()) {
            return url;
        }
        String ts = String.valueOf(now);
        String sign = Base64.getEncoder().encodeToString(WebhookChannel.hmacSha256(secret, ts + "\n" + secret));
        return url + (url.contains("?") ? "&" : "?") + "timestamp=" + ts + "&sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8);
    }

    static JsonObject payload(Message m, String msgtype) {
        boolean person = !NotificationPlan.GROUP.equals(m.recipient());
        String mobile = person && m.address() != null && m.address().matches("\\+?[0-9]{5,20}") ? m.address() : null;
        String ref = ("en".equals(m.lang()) ? "Ref: " : "编号：") + m.key();
        JsonArray atMobiles = new JsonArray();
        if (mobile != null) {
            atMobiles.add(mobile);
        }
        JsonObject at = new JsonObject().put("atMobiles", atMobiles).put("isAtAll", false);
        String mention = mobile == null ? "" : "@" + mobile;
        if ("text".equals(msgtype)) {
            String content = m.title() + "\n" + m.body() + "\n" + ref + (mention.isEmpty() ? "" : "\n" + mention);
            return new JsonObject().put("msgtype", "text").put("text", new JsonObject().put("content", content)).put("at", at);
        }
        StringBuilder md = new StringBuilder("#### ").append(m.title()).append("\n\n");
        if (person) {
            md.append("en".equals(m.lang()) ? "To: " : "致：").append(m.recipient()).append(mention.isEmpty() ? "" : " " + mention)
                    .append("\n\n");
        }
        for (String line : m.body().split("\n")) {
            // A line break in DingTalk's markdown needs an empty line.
            md.append("> ").append(line).append("\n\n");
        }
        md.append("###### ").append(ref);
        return new JsonObject().put("msgtype", "markdown")
                .put("markdown", new JsonObject().put("title", m.title()).put("text", md.toString())).put("at", at);
    }
}
