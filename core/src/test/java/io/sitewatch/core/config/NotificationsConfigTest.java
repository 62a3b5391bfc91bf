package io.sitewatch.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code notifications} section: its defaults, a file's channels, routes and on-call lists, and errors naming the key. */
class NotificationsConfigTest {

    @TempDir
    Path dir;

    SiteWatchConfig load(String yaml) throws Exception {
        Path f = dir.resolve("sitewatch.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, Map.of());
    }

    String refused(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void byDefaultNothingIsSentAndAlarmsEscalateAfterFifteenMinutes() {
        Notifications n = ConfigLoader.load(null, Map.of()).notifications();
        assertEquals(Map.of(), n.channels());
        assertEquals(List.of("alarm"), n.alarmLevels());
        assertEquals(List.of("major"), n.hazardLevels());
        assertEquals(15, n.escalateAfterMinutes());
        assertEquals(10, n.delivery().maxAttempts());
        assertEquals(30_000L, n.delivery().firstRetryMs());
        assertEquals(2, ConfigLoader.load(null, Map.of("notifications.escalateAfterMinutes", "2")).notifications().escalateAfterMinutes());
    }

    @Test
    void aFileNamesChannelsRoutesAndOnCallLists() throws Exception {
        Notifications n = load("""
                notifications:
                  channels:
                    fz-wecom: {type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", msgtype: text}
                    fz-ding: {type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=T", secret: SECx}
                    ops: {type: webhook, url: "https://ops.example.org/hook", secret: s}
                    mail: {type: smtp, host: smtp.example.org, port: 465, security: ssl, from: sitewatch@example.org,
                           username: sitewatch, password: p, to: [duty@example.org]}
                  routes:
                    - {regions: ["350100"], channels: [fz-wecom, fz-ding]}
                    - {channels: [ops], lang: en, events: [alarm_opened, alarm_escalation]}
                  onCall:
                    "350102":
                      - {name: 张三, channel: fz-ding, mobile: "13800000001"}
                      - {name: Li Si, channel: mail, email: lisi@example.org, lang: en}
                  delivery: {maxAttempts: 4}
                """).notifications();
        assertEquals(List.of("fz-wecom", "fz-ding", "ops", "mail"), List.copyOf(n.channels().keySet()));
        assertEquals("markdown", n.channels().get("fz-ding").msgtype(), "markdown unless told");
        assertEquals("zh", n.routes().get(0).lang());
        assertEquals(List.of("alarm_opened", "hazard_opened", "hazard_overdue", "letter_issued"), n.routes().get(0).events(),
                "a route that names no events gets every one but the escalation");
        assertEquals("en", n.onCall().get("350102").get(1).lang());
        assertEquals(4, n.delivery().maxAttempts());
        assertEquals(30_000L, n.delivery().firstRetryMs(), "the other delivery keys keep their defaults");
    }

    @Test
    void mistakesAreRefusedNamingTheKey() {
        assertTrue(refused("notifications: {channels: {x: {type: sms, url: 'https://a'}}}")
                .contains("notifications.channels.x.type must be webhook, wecom, dingtalk or smtp"));
        assertTrue(refused("notifications: {channels: {x: {type: webhook, url: 'http://hooks.example.org/'}}}")
                .contains("notifications.channels.x.url must be an https:// URL"));
        assertTrue(refused("notifications: {routes: [{channels: [nope]}]}").contains("notifications.routes[0].channels: no channel named nope"));
        assertTrue(refused("notifications: {channels: {m: {type: smtp, host: h, port: 25, from: a@b}}, onCall: {'350102': [{name: A, channel: m}]}}")
                .contains("notifications.onCall.350102[0].email is required for an smtp channel"));
        assertTrue(refused("notifications: {alarmLevels: [critical]}").contains("notifications.alarmLevels"));
        assertTrue(refused("notifications: {escalateAfterMinutes: 0}").contains("notifications.escalateAfterMinutes must be 1..1440"));
        assertTrue(refused("notifications: {channels: {w: {type: wecom, url: 'https://q', msgtype: card}}}")
                .contains("notifications.channels.w.msgtype must be text or markdown"));
        assertTrue(refused("notifications: {onCall: {fuzhou: []}}").contains("6-digit"));
    }

    @Test
    void plainHttpOnlyToThisMachine() {
        assertTrue(Notifications.secureOrLocal("https://hooks.example.org/x"));
        assertTrue(Notifications.secureOrLocal("http://127.0.0.1:8080/x"));
        assertTrue(Notifications.secureOrLocal("http://localhost/x"));
        assertTrue(!Notifications.secureOrLocal("http://10.0.0.5/x"));
        assertTrue(!Notifications.secureOrLocal("ftp://example.org/x"));
    }

    @Test
    void aChannelPrintsWithoutItsKeySecretOrPassword() {
        String shown = new Notifications.Channel("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=TOKEN", "SECRET",
                null, null, null, null, "PASSWORD", null, null, null, null).toString();
        assertTrue(shown.contains("url=https://oapi.dingtalk.com/robot/send?…"), shown);
        assertTrue(!shown.contains("TOKEN") && !shown.contains("SECRET") && !shown.contains("PASSWORD"), shown);
    }
}
