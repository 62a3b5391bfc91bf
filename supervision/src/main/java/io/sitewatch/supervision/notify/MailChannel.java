package io.sitewatch.supervision.notify;

import io.sitewatch.core.config.Notifications;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * SMTP mail (Eclipse Angus Mail): a plain-text UTF-8 mail to the on-call person's address, or to
 * the channel's {@code to} mailboxes for a route. Its {@code Message-ID} comes from the
 * idempotency key, so a retry that reaches a mailbox twice is the same mail to the reader's
 * client, and {@code X-SiteWatch-Idempotency-Key} carries the key itself.
 */
final class MailChannel implements Channel {

    static final String KEY_HEADER = "X-SiteWatch-Idempotency-Key";

    private final Notifications.Channel config;
    private final Session session;

    MailChannel(Notifications.Channel config) {
        this.config = config;
        Properties p = new Properties();
        String timeout = String.valueOf(config.timeoutMs());
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", String.valueOf(config.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.auth", String.valueOf(config.username() != null));
        switch (config.security()) {
            case "starttls" -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case "ssl" -> p.put("mail.smtp.ssl.enable", "true");
            default -> {
            }
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public Outcome send(Message m) {
        try {
            MimeMessage mail = mail(session, config.from(), recipients(m), m);
            if (config.username() != null) {
                Transport.send(mail, config.username(), config.password());
            } else {
                Transport.send(mail);
            }
            return Outcome.SENT;
        } catch (MessagingException e) {
            return Outcome.failed("SMTP " + config.host() + ":" + config.port() + ": " + e.getMessage());
        }
    }

    private List<String> recipients(Message m) {
        if (!NotificationPlan.GROUP.equals(m.recipient())) {
            return m.address() == null ? List.of() : List.of(m.address());
        }
        return config.to();
    }

    static MimeMessage mail(Session session, String from, List<String> to, Message m) throws MessagingException {
        if (to.isEmpty()) {
            throw new MessagingException("no address to send to (an on-call person's email, or the channel's to)");
        }
        String messageId = "<" + m.key() + "@sitewatch>";
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(new InternetAddress(from));
        List<InternetAddress> addresses = new ArrayList<>();
        for (String a : to) {
            try {
                addresses.add(new InternetAddress(a, true));
            } catch (AddressException e) {
                throw new MessagingException("not a mail address: " + a, e);
            }
        }
        mail.setRecipients(RecipientType.TO, addresses.toArray(new InternetAddress[0]));
        mail.setSubject(m.title(), "UTF-8");
        mail.setSentDate(new Date());
        mail.setHeader(KEY_HEADER, m.key());
        String ref = ("en".equals(m.lang()) ? "Ref: " : "编号：") + m.key();
        mail.setText(m.body() + "\n\n-- \nSiteWatch · " + ref + "\n", "UTF-8");
        return mail;
    }
}
