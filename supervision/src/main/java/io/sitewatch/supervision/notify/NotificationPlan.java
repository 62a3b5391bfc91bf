package io.sitewatch.supervision.notify;

import io.sitewatch.core.config.Notifications;
import io.sitewatch.core.config.Notifications.OnCall;
import io.sitewatch.core.config.Notifications.Route;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is told what (pure: no I/O, no clock). From an alarm's or a hazard's change as published
 * on the event bus it plans the messages: one per route channel that covers the region and carries
 * the event, and, for an alarm, one to the first person of its region's on-call list; for each
 * step of an escalation, one to the next person. The same change planned twice gives the same
 * idempotency keys, so the outbox keeps one of each.
 */
final class NotificationPlan {

    static final String GROUP = "group";

    private final Notifications config;
    private final MessageText text;

    NotificationPlan(Notifications config, MessageText text) {
        this.config = config;
        this.text = text;
    }

    Notifications config() {
        return config;
    }

    /** Whether the change opens the alarm at a level that is notified: raised, or risen to such a level. */
    boolean opensNotified(JsonObject change) {
        String t = change.getString("transition");
        return ("raised".equals(t) || "escalated".equals(t)) && "active".equals(change.getString("state"))
                && config.alarmLevels().contains(change.getString("level"));
    }

    /** Whether the change ends the wait for an acknowledgement. */
    static boolean endsEscalation(JsonObject change) {
        String t = change.getString("transition");
        return "acknowledged".equals(t) || "cleared".equals(t);
    }

    /** Whether an escalation is worth keeping for this change: it opens the alarm and someone comes after the first person. */
    boolean startsEscalation(JsonObject change) {
        return opensNotified(change) && onCallOf(change.getString("region")).size() > 1;
    }

    /** The messages an alarm's change sends: none unless it opens the alarm at a notified level. */
    List<Message> alarmChange(JsonObject change) {
        if (!opensNotified(change)) {
            return List.of();
        }
        JsonObject alarm = change;
        String occasion = change.getString("level");
        List<Message> out = new ArrayList<>();
        for (Map.Entry<String, String> c : routeChannels(change.getString("region"), Message.ALARM_OPENED).entrySet()) {
            MessageText.Text t = text.alarmOpened(alarm, c.getValue());
            out.add(alarmMessage(Message.ALARM_OPENED, alarm, occasion, c.getKey(), GROUP, null, c.getValue(), t));
        }
        List<OnCall> people = onCallOf(change.getString("region"));
        if (!people.isEmpty()) {
            OnCall first = people.get(0);
            out.add(alarmMessage(Message.ALARM_OPENED, alarm, occasion, first.channel(), first.name(), address(first),
                    first.lang(), text.alarmOpened(alarm, first.lang())));
        }
        return out;
    }

    /**
     * The messages of escalation step {@code step} (1: the second person of the list) of an alarm
     * unacknowledged for {@code minutes}: to that person, and to the routes that carry escalations.
     */
    List<Message> escalation(JsonObject alarm, int step, long minutes) {
        List<OnCall> people = onCallOf(alarm.getString("region"));
        if (step >= people.size()) {
            return List.of();
        }
        String occasion = "step " + step;
        List<Message> out = new ArrayList<>();
        OnCall p = people.get(step);
        out.add(alarmMessage(Message.ALARM_ESCALATION, alarm, occasion, p.channel(), p.name(), address(p), p.lang(),
                text.alarmEscalation(alarm, p.lang(), minutes, step + 1)));
        for (Map.Entry<String, String> c : routeChannels(alarm.getString("region"), Message.ALARM_ESCALATION).entrySet()) {
            out.add(alarmMessage(Message.ALARM_ESCALATION, alarm, occasion, c.getKey(), GROUP, null, c.getValue(),
                    text.alarmEscalation(alarm, c.getValue(), minutes, step + 1)));
        }
        return out;
    }

    /** The messages a hazard's change sends: its opening at a notified level, and its falling overdue. */
    List<Message> hazardChange(JsonObject change) {
        String t = change.getString("transition");
        String event;
        String occasion;
        if ("opened".equals(t) && config.hazardLevels().contains(change.getString("level"))) {
            event = Message.HAZARD_OPENED;
            occasion = "opened";
        } else if ("overdue".equals(t)) {
            event = Message.HAZARD_OVERDUE;
            // A hazard reopened with a new deadline may fall overdue again: that is another message.
            occasion = "deadline " + change.getValue("deadlineTs");
        } else {
            return List.of();
        }
        String id = change.getString("hazardId");
        if (id == null || change.getString("siteId") == null) {
            return List.of();
        }
        List<Message> out = new ArrayList<>();
        for (Map.Entry<String, String> c : routeChannels(change.getString("region"), event).entrySet()) {
            MessageText.Text words = Message.HAZARD_OPENED.equals(event) ? text.hazardOpened(change, c.getValue())
                    : text.hazardOverdue(change, c.getValue());
            out.add(new Message(0, Message.keyOf(event, id, occasion, c.getKey(), GROUP), event, "hazard", id,
                    change.getString("siteId"), change.getString("region"), c.getKey(), GROUP, null, c.getValue(),
                    words.title(), words.body(), change.encode(), 0));
        }
        return out;
    }

    /**
     * The messages a warning letter's change sends: its issue, to the channels of the routes that
     * carry {@code letter_issued} for the letter's region (the group the projects' staff are in).
     */
    List<Message> letterChange(JsonObject change) {
        String id = change.getString("letterId");
        io.vertx.core.json.JsonArray sites = change.getJsonArray("siteIds");
        if (!"issued".equals(change.getString("transition")) || id == null || sites == null || sites.isEmpty()) {
            return List.of();
        }
        List<Message> out = new ArrayList<>();
        for (Map.Entry<String, String> c : routeChannels(change.getString("region"), Message.LETTER_ISSUED).entrySet()) {
            MessageText.Text words = text.letterIssued(change, c.getValue());
            // One issue per letter: a letter is issued once (a returned answer does not issue it again).
            out.add(new Message(0, Message.keyOf(Message.LETTER_ISSUED, id, "issued", c.getKey(), GROUP), Message.LETTER_ISSUED, "letter",
                    id, sites.getString(0), change.getString("region"), c.getKey(), GROUP, null, c.getValue(), words.title(), words.body(),
                    change.encode(), 0));
        }
        return out;
    }

    /**
     * The on-call list of a region: the list of the region itself, else of its city, else of its
     * province (行政区划 codes nest); empty when none covers it.
     */
    List<OnCall> onCallOf(String region) {
        if (region == null || region.length() != 6) {
            return List.of();
        }
        for (String key : List.of(region, region.substring(0, 4) + "00", region.substring(0, 2) + "0000")) {
            List<OnCall> l = config.onCall().get(key);
            if (l != null && !l.isEmpty()) {
                return l;
            }
        }
        return List.of();
    }

    /** Channels of the routes that carry {@code event} for the region, each with its language (the first route's). */
    private Map<String, String> routeChannels(String region, String event) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Route r : config.routes()) {
            if (!r.events().contains(event) || !covers(r.regions(), region)) {
                continue;
            }
            for (String c : r.channels()) {
                out.putIfAbsent(c, r.lang());
            }
        }
        return out;
    }

    static boolean covers(List<String> scopes, String region) {
        if (scopes.isEmpty()) {
            return true;
        }
        if (region == null || region.length() != 6) {
            return false;
        }
        for (String s : scopes) {
            if (s.equals(region) || s.endsWith("0000") && region.startsWith(s.substring(0, 2))
                    || s.endsWith("00") && region.startsWith(s.substring(0, 4))) {
                return true;
            }
        }
        return false;
    }

    /** How the person is reached on their channel: mail address for SMTP, else the mobile (mentioned in a group). */
    private String address(OnCall p) {
        Notifications.Channel c = config.channels().get(p.channel());
        if (c != null && Notifications.SMTP.equals(c.type())) {
            return p.email();
        }
        return p.mobile() != null ? p.mobile() : p.email();
    }

    private static Message alarmMessage(String event, JsonObject alarm, String occasion, String channel, String recipient,
                                        String address, String lang, MessageText.Text t) {
        String id = alarm.getString("id");
        return new Message(0, Message.keyOf(event, id, occasion, channel, recipient), event, "alarm", id,
                alarm.getString("siteId"), alarm.getString("region"), channel, recipient, address, lang, t.title(), t.body(),
                alarm.encode(), 0);
    }
}
