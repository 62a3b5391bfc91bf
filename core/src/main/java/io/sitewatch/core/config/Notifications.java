package io.sitewatch.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is told what, and how (key {@code notifications}; docs/configuration.md). Channels are
 * named ways to deliver (a generic webhook, a WeCom or DingTalk group robot, SMTP mail); routes
 * send events of the regions they cover to channels; each region's on-call list is who is told
 * next while an alarm stays unacknowledged. Messages go out from a queue kept in the database, at
 * least once, retried with back-off ({@link Delivery}).
 *
 * @param alarmLevels          alarm levels whose opening is notified ({@code alarm}, {@code warning})
 * @param escalateAfterMinutes an open alarm not acknowledged this long goes to the next on-call person
 * @param hazardLevels         hazard levels whose opening is notified (overdue hazards: every level)
 */
public record Notifications(List<String> alarmLevels, Integer escalateAfterMinutes, List<String> hazardLevels,
                            Map<String, Channel> channels, List<Route> routes, Map<String, List<OnCall>> onCall,
                            Delivery delivery) {

    public static final String WEBHOOK = "webhook";
    public static final String WECOM = "wecom";
    public static final String DINGTALK = "dingtalk";
    public static final String SMTP = "smtp";
    /** What routes can carry; an alarm's escalation goes to on-call people and, if a route asks, to its channels. */
    public static final List<String> EVENTS = List.of("alarm_opened", "alarm_escalation", "hazard_opened", "hazard_overdue", "letter_issued");
    private static final List<String> DEFAULT_EVENTS = List.of("alarm_opened", "hazard_opened", "hazard_overdue", "letter_issued");

    public Notifications {
        alarmLevels = alarmLevels == null ? List.of("alarm") : List.copyOf(alarmLevels);
        escalateAfterMinutes = escalateAfterMinutes == null ? 15 : escalateAfterMinutes;
        hazardLevels = hazardLevels == null ? List.of("major") : List.copyOf(hazardLevels);
        channels = channels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        routes = routes == null ? List.of() : List.copyOf(routes);
        Map<String, List<OnCall>> lists = new LinkedHashMap<>();
        if (onCall != null) {
            onCall.forEach((region, people) -> lists.put(region, people == null ? List.of() : List.copyOf(people)));
        }
        onCall = java.util.Collections.unmodifiableMap(lists);
        delivery = delivery == null ? new Delivery(null, null, null, null, null, null, null) : delivery;
    }

    /** Nothing configured: no channel, so nothing is sent. */
    public static Notifications none() {
        return new Notifications(null, null, null, null, null, null, null);
    }

    /**
     * A way to deliver. {@code webhook}: {@code url}, optional {@code secret} (HMAC-SHA256 signature
     * header). {@code wecom}: the robot's {@code url}, {@code msgtype} text or markdown.
     * {@code dingtalk}: the robot's {@code url}, optional {@code secret} (signed URL), {@code msgtype}.
     * {@code smtp}: {@code host}, {@code port}, {@code security} (none, starttls, ssl),
     * {@code username}/{@code password}, {@code from}, and {@code to} for routes (group mailboxes).
     */
    public record Channel(String type, String url, String secret, String msgtype, String host, Integer port,
                          String username, String password, String from, String security, List<String> to,
                          Integer timeoutMs) {
        public Channel {
            msgtype = msgtype == null ? "markdown" : msgtype;
            security = security == null ? "starttls" : security;
            to = to == null ? List.of() : List.copyOf(to);
            timeoutMs = timeoutMs == null ? 10_000 : timeoutMs;
        }

        /** Without what gives access: a robot's key or token (in its URL's query), the secret, the password. */
        @Override
        public String toString() {
            String shownUrl = url == null ? null : url.replaceAll("\\?.*$", "?…");
            return "Channel[type=" + type + ", url=" + shownUrl + ", secret=" + (secret == null ? null : "…") + ", msgtype=" + msgtype
                    + ", host=" + host + ", port=" + port + ", username=" + username + ", password="
                    + (password == null ? null : "…") + ", from=" + from + ", security=" + security + ", to=" + to
                    + ", timeoutMs=" + timeoutMs + "]";
        }
    }

    /**
     * Events of sites in {@code regions} (行政区划 codes, nesting; empty: every region) go to
     * {@code channels}, written in {@code lang} (zh, the default, or en).
     */
    public record Route(List<String> regions, List<String> channels, String lang, List<String> events) {
        public Route {
            regions = regions == null ? List.of() : List.copyOf(regions);
            channels = channels == null ? List.of() : List.copyOf(channels);
            lang = lang == null ? "zh" : lang;
            events = events == null ? DEFAULT_EVENTS : List.copyOf(events);
        }
    }

    /**
     * One person of a region's on-call list, reached through {@code channel}: by {@code email} for
     * SMTP, mentioned by {@code mobile} in a WeCom or DingTalk group, named in a webhook's body.
     */
    public record OnCall(String name, String channel, String lang, String email, String mobile) {
        public OnCall {
            lang = lang == null ? "zh" : lang;
        }
    }

    /**
     * How the queue is worked: a message is tried at most {@code maxAttempts} times, waiting
     * {@code firstRetryMs} after the first failure and twice as long after each further one, up to
     * {@code maxRetryMs}; {@code batchSize} messages are taken every {@code pollMs}; one send may
     * take {@code timeoutMs}; a message taken by an instance that died is taken again after
     * {@code leaseMs}.
     */
    public record Delivery(Integer maxAttempts, Long firstRetryMs, Long maxRetryMs, Integer batchSize, Long pollMs,
                           Long timeoutMs, Long leaseMs) {
        public Delivery {
            maxAttempts = maxAttempts == null ? 10 : maxAttempts;
            firstRetryMs = firstRetryMs == null ? 30_000L : firstRetryMs;
            maxRetryMs = maxRetryMs == null ? 3_600_000L : maxRetryMs;
            batchSize = batchSize == null ? 50 : batchSize;
            pollMs = pollMs == null ? 1000L : pollMs;
            timeoutMs = timeoutMs == null ? 10_000L : timeoutMs;
            leaseMs = leaseMs == null ? 120_000L : leaseMs;
        }
    }

    /** Checks the section; throws with a message naming the key. */
    public Notifications validate() {
        for (String l : alarmLevels) {
            require(Set.of("alarm", "warning").contains(l), "notifications.alarmLevels: alarm or warning, got " + l);
        }
        for (String l : hazardLevels) {
            require(Set.of("major", "general").contains(l), "notifications.hazardLevels: major or general, got " + l);
        }
        require(escalateAfterMinutes >= 1 && escalateAfterMinutes <= 24 * 60,
                "notifications.escalateAfterMinutes must be 1..1440");
        channels.forEach(Notifications::validate);
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            String at = "notifications.routes[" + i + "]";
            require(!r.channels().isEmpty(), at + ".channels: name at least one channel");
            for (String c : r.channels()) {
                require(channels.containsKey(c), at + ".channels: no channel named " + c);
            }
            for (String region : r.regions()) {
                require(region != null && region.matches("\\d{6}"), at + ".regions: 6-digit 行政区划 codes, got " + region);
            }
            for (String e : r.events()) {
                require(EVENTS.contains(e), at + ".events: one of " + EVENTS + ", got " + e);
            }
            require(Set.of("zh", "en").contains(r.lang()), at + ".lang must be zh or en");
        }
        onCall.forEach((region, people) -> {
            String at = "notifications.onCall." + region;
            require(region.matches("\\d{6}"), at + ": the key must be a 6-digit 行政区划 code");
            for (int i = 0; i < people.size(); i++) {
                OnCall p = people.get(i);
                String pat = at + "[" + i + "]";
                require(p != null && p.name() != null && !p.name().isBlank(), pat + ".name is required");
                require(p.channel() != null && channels.containsKey(p.channel()), pat + ".channel: no channel named " + p.channel());
                require(Set.of("zh", "en").contains(p.lang()), pat + ".lang must be zh or en");
                if (SMTP.equals(channels.get(p.channel()).type())) {
                    require(p.email() != null && p.email().contains("@"), pat + ".email is required for an smtp channel");
                }
            }
        });
        require(delivery.maxAttempts() >= 1 && delivery.maxAttempts() <= 100, "notifications.delivery.maxAttempts must be 1..100");
        require(delivery.firstRetryMs() >= 10, "notifications.delivery.firstRetryMs must be at least 10");
        require(delivery.maxRetryMs() >= delivery.firstRetryMs(), "notifications.delivery.maxRetryMs must not be below firstRetryMs");
        require(delivery.batchSize() >= 1 && delivery.batchSize() <= 1000, "notifications.delivery.batchSize must be 1..1000");
        require(delivery.pollMs() >= 10, "notifications.delivery.pollMs must be at least 10");
        require(delivery.timeoutMs() >= 100, "notifications.delivery.timeoutMs must be at least 100");
        require(delivery.leaseMs() > delivery.timeoutMs(), "notifications.delivery.leaseMs must be above timeoutMs");
        return this;
    }

    private static void validate(String id, Channel c) {
        String at = "notifications.channels." + id;
        require(id.matches("[A-Za-z0-9_.-]{1,64}"), at + ": a channel name is letters, digits, _ . - (at most 64)");
        require(c != null && c.type() != null, at + ".type is required (webhook, wecom, dingtalk or smtp)");
        switch (c.type()) {
            case WEBHOOK, WECOM, DINGTALK -> {
                require(c.url() != null && secureOrLocal(c.url()),
                        at + ".url must be an https:// URL (plain http:// only to this machine, for tests)");
                if (!WEBHOOK.equals(c.type())) {
                    require(Set.of("text", "markdown").contains(c.msgtype()), at + ".msgtype must be text or markdown");
                }
                require(!WECOM.equals(c.type()) || c.secret() == null, at + ".secret: a WeCom robot has no signing secret");
            }
            case SMTP -> {
                require(c.host() != null && !c.host().isBlank(), at + ".host is required");
                require(c.port() != null && c.port() > 0 && c.port() <= 65535, at + ".port must be 1..65535");
                require(c.from() != null && c.from().contains("@"), at + ".from must be a mail address");
                require(Set.of("none", "starttls", "ssl").contains(c.security()), at + ".security must be none, starttls or ssl");
                for (String to : c.to()) {
                    require(to != null && to.contains("@"), at + ".to: mail addresses, got " + to);
                }
            }
            default -> require(false, at + ".type must be webhook, wecom, dingtalk or smtp, got " + c.type());
        }
        require(c.timeoutMs() >= 100, at + ".timeoutMs must be at least 100");
    }

    /** https anywhere; http only to the loopback (a local receiver in tests). */
    static boolean secureOrLocal(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            if (u.getHost() == null) {
                return false;
            }
            if ("https".equalsIgnoreCase(u.getScheme())) {
                return true;
            }
            return "http".equalsIgnoreCase(u.getScheme())
                    && (u.getHost().equals("localhost") || u.getHost().startsWith("127.") || u.getHost().equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("configuration: " + message);
        }
    }
}
