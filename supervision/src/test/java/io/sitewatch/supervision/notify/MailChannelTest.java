package io.sitewatch.supervision.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.sitewatch.core.config.Notifications;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMTP through a local mail server (GreenMail): subject, UTF-8 text, addresses, the idempotency key as Message-ID. */
class MailChannelTest {

    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("sitewatch@example.org", "sitewatch", "s3cret"));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private Notifications.Channel channel(String password, List<String> to) {
        return new Notifications.Channel("smtp", null, null, null, "127.0.0.1", smtp.getSmtp().getPort(), "sitewatch", password,
                "sitewatch@example.org", "none", to, 5000);
    }

    @Test
    void anOnCallPersonGetsAPlainUtf8MailWhoseMessageIdIsTheIdempotencyKey() throws Exception {
        Message m = new Message(3, "0b9a6f2e-1c3d-3e4f-8a5b-6c7d8e9f0a1b", Message.ALARM_ESCALATION, "alarm", "A-1", "FZ-1",
                "350102", "mail", "张三", "zhangsan@example.org", "zh", "【升级】告警 15 分钟无人确认 · 测试工地",
                "该告警已 15 分钟无人确认\n工地：测试工地 (FZ-1)", "{}", 0);
        Channel.Outcome out = new MailChannel(channel("s3cret", List.of())).send(m);
        assertTrue(out.sent(), out.error());
        assertTrue(smtp.waitForIncomingEmail(5000, 1));
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("【升级】告警 15 分钟无人确认 · 测试工地", mail.getSubject());
        assertEquals("<0b9a6f2e-1c3d-3e4f-8a5b-6c7d8e9f0a1b@sitewatch>", mail.getMessageID());
        assertEquals("0b9a6f2e-1c3d-3e4f-8a5b-6c7d8e9f0a1b", mail.getHeader(MailChannel.KEY_HEADER)[0]);
        assertEquals("zhangsan@example.org", mail.getAllRecipients()[0].toString());
        assertEquals("sitewatch@example.org", mail.getFrom()[0].toString());
        String text = ((String) mail.getContent()).replace("\r\n", "\n");
        assertTrue(text.startsWith("该告警已 15 分钟无人确认\n工地：测试工地 (FZ-1)\n"), text);
        assertTrue(text.contains("编号：0b9a6f2e-1c3d-3e4f-8a5b-6c7d8e9f0a1b"), text);
    }

    @Test
    void aRouteGoesToTheChannelsMailboxes() throws Exception {
        Message m = new Message(4, "k-route", Message.HAZARD_OVERDUE, "hazard", "H-1", "FZ-1", "350102", "mail",
                NotificationPlan.GROUP, null, "en", "Overdue: hazard not rectified in time · 测试工地", "Site: 测试工地", "{}", 0);
        assertTrue(new MailChannel(channel("s3cret", List.of("duty@example.org", "chief@example.org"))).send(m).sent());
        assertTrue(smtp.waitForIncomingEmail(5000, 2));
        assertEquals(2, smtp.getReceivedMessages().length, "one copy per mailbox");
        assertEquals(2, smtp.getReceivedMessages()[0].getAllRecipients().length);
    }

    @Test
    void aRefusedLoginIsAFailureNamingTheServerNotAnException() {
        Message m = new Message(5, "k-auth", Message.ALARM_OPENED, "alarm", "A-1", "FZ-1", "350102", "mail", "张三",
                "zhangsan@example.org", "zh", "t", "b", "{}", 0);
        Channel.Outcome out = new MailChannel(channel("wrong", List.of())).send(m);
        assertFalse(out.sent());
        assertTrue(out.error().startsWith("SMTP 127.0.0.1:" + smtp.getSmtp().getPort()), out.error());
        assertEquals(0, smtp.getReceivedMessages().length);
    }
}
