package io.sitewatch.supervision.notify;

import io.sitewatch.core.config.Notifications;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * A way to deliver a {@link Message}, as configured ({@code notifications.channels}). Blocking:
 * the dispatcher calls it on its own worker thread, each call bounded by the channel's timeout.
 */
interface Channel {

    /** How one attempt went; {@code error} says why it failed (null when sent). */
    record Outcome(boolean sent, String error) {
        static final Outcome SENT = new Outcome(true, null);

        static Outcome failed(String error) {
            return new Outcome(false, error);
        }
    }

    Outcome send(Message m);

    /** The channel a configuration entry describes. */
    static Channel of(Notifications.Channel c, HttpClient http) {
        Duration timeout = Duration.ofMillis(c.timeoutMs());
        return switch (c.type()) {
            case Notifications.WEBHOOK -> new WebhookChannel(http, c.url(), c.secret(), timeout);
            case Notifications.WECOM -> new WeComChannel(http, c.url(), c.msgtype(), timeout);
            case Notifications.DINGTALK -> new DingTalkChannel(http, c.url(), c.secret(), c.msgtype(), timeout);
            case Notifications.SMTP -> new MailChannel(c);
            default -> throw new IllegalArgumentException("no channel of type " + c.type());
        };
    }
}
