package io.sitewatch.supervision.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * A WeCom (企业微信) group robot: POST to its webhook URL ({@code .../cgi-bin/webhook/send?key=...})
 * a message of {@code msgtype} {@code text} ({@code text.content}, at most 2048 bytes of UTF-8,
 * with {@code mentioned_mobile_list} to @ an on-call person) or {@code markdown}
 * ({@code markdown.content}, at most 4096 bytes; markdown cannot @ by mobile, so the person is
 * named in it). The robot answers {@code {"errcode": 0, "errmsg": "ok"}} when it took the message.
 * The idempotency key is sent as a header (the robot's body has no field for it) and as the last
 * line of the text, where people can see two alike are the same.
 */
final class WeComChannel implements Channel {

    static final int TEXT_MAX_BYTES = 2048;
    static final int MARKDOWN_MAX_BYTES = 4096;

    private final HttpClient http;
    private final String url;
    private final String msgtype;
    private final Duration timeout;

    WeComChannel(HttpClient http, String url, String msgtype, Duration timeout) {
        this.http = http;
        this.url = url;
        this.msgtype = msgtype;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Message m) {
        return HttpPost.post(http, url, Map.of(WebhookChannel.KEY_HEADER, m.key()), payload(m, msgtype).encode(), timeout, true);
    }

    static JsonObject payload(Message m, String msgtype) {
        boolean person = !NotificationPlan.GROUP.equals(m.recipient());
        String ref = ("en".equals(m.lang()) ? "Ref: " : "编号：") + m.key();
        if ("text".equals(msgtype)) {
            JsonObject text = new JsonObject().put("content",
                    HttpPost.utf8Prefix(m.title() + "\n" + m.body() + "\n" + ref, TEXT_MAX_BYTES));
            if (person && m.address() != null && m.address().matches("\\+?[0-9]{5,20}")) {
                text.put("mentioned_mobile_list", new JsonArray().add(m.address()));
            }
            return new JsonObject().put("msgtype", "text").put("text", text);
        }
        StringBuilder md = new StringBuilder("**").append(m.title()).append("**\n");
        if (person) {
            md.append("en".equals(m.lang()) ? "> To: " : "> 致：").append(m.recipient()).append('\n');
        }
        for (String line : m.body().split("\n")) {
            md.append("> ").append(line).append('\n');
        }
        md.append("<font color=\"comment\">").append(ref).append("</font>");
        return new JsonObject().put("msgtype", "markdown")
                .put("markdown", new JsonObject().put("content", HttpPost.utf8Prefix(md.toString(), MARKDOWN_MAX_BYTES)));
    }
}
