package io.sitewatch.alarms.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sitewatch.alarms.eval.MetricWindow;
import io.sitewatch.alarms.eval.RuleContext;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.KindRules;
import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.rule.RuleType;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.Subject;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.Site;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine keeps about one device, confined to its shard's event loop: recent
 * samples per metric, open alarms by key, its event clock (newest device time seen), when it was
 * last heard of (server time), and who is logged in at its controls.
 */
final class DeviceState implements RuleContext {

    private Device device;
    private Site site;
    private ZoneId zone = ZoneId.of(Site.DEFAULT_TIMEZONE);
    private JsonNode params;
    private RuleSet rulesSeen;
    private KindRules kindRules;
    /** Per rule of the kind, in the kind's order; all this device has judged, by rule id. */
    private DeviceRule[] rules;
    private final Map<String, DeviceRule> rulesById = new HashMap<>();
    final Map<String, MetricWindow> windows = new HashMap<>();
    final Map<String, Alarm> open = new HashMap<>();
    long clock = Long.MIN_VALUE;
    long lastSeen;
    /** The registry generation the device and site were last read at; -1 = read again next time. */
    long registryGeneration = -1;
    /** Whether {@link #lastSeen} changed since it was last saved ({@link LastSeenSaver} lists such devices). */
    boolean seenUnsaved;
    /** Server time at which the device is offline unless heard from ({@link OfflineWatch}). */
    long offlineDeadline = Long.MAX_VALUE;
    /** Whether the offline watch's deadline queue holds an entry for this device. */
    boolean deadlineQueued;
    /** Certificate number of the operator logged in, and whether that certificate is valid ({@link OperatorSessions}). */
    String operator;
    boolean operatorValid;
    long lastOperationTs = Long.MIN_VALUE;
    /**
     * Why the device is off on purpose (its last status was a 1.1 planned power-off: power_off,
     * maintenance, dismantled), or null when it is not off. An off device raises no offline alarm
     * ({@link OfflineWatch}).
     */
    String offReason;
    /** When it went off: the status's device time, or when it was received if it carried none. */
    long offSince;
    /** Whether {@link #offSince} is the device's own time (its status carried {@code ts}). */
    boolean offDeviceClock;
    /** Server time the device was last seen to come on again (after off or offline); 0 = not since the engine started. */
    long onSince;
    /**
     * Whether {@link #offlineDeadline} already counts only the device's expected time (worked out
     * with its site's calendar when the deadline first came up, {@link OfflineWatch}); a message
     * moves the deadline back to the plain {@code lastSeen + limit}, a lower bound of it.
     */
    boolean deadlineExact;
    /** The site's calendar (null: no site known, the device is expected around the clock). */
    private SiteCalendar calendar;
    /** Whether the device reports only while its site works (service schedule working_hours). */
    private boolean workingHours;
    /** Its service window in epoch ms: from the start of its install date to the end of its remove date. */
    private long serviceFrom = Long.MIN_VALUE;
    private long serviceTo = Long.MAX_VALUE;
    /** When each paper expires (the start of the day after its validTo, site time); MAX_VALUE: not stated. */
    private long registrationExpires = Long.MAX_VALUE;
    private long inspectionExpires = Long.MAX_VALUE;
    private long fallArresterExpires = Long.MAX_VALUE;
    /** Device time of the last use an equipment_papers alarm saw, and of the last lifting the night-work rule saw. */
    long lastPapersUseTs = Long.MIN_VALUE;
    long lastNightLiftTs = Long.MIN_VALUE;
    /** A span of device time known to be all working ({@link #workKnown}) or all not working, for the night-work rule. */
    private long workKnownFrom = Long.MAX_VALUE;
    private long workKnownTo = Long.MIN_VALUE;
    private boolean workKnown;

    DeviceState(Device device, Site site) {
        refresh(device, site);
    }

    /** Follows registry changes (params, site, time zone). */
    void refresh(Device d, Site s) {
        if (d == device && s == site) {
            return;
        }
        if (device != null && !device.kind().equals(d.kind())) {
            rulesSeen = null;
        }
        device = d;
        site = s;
        try {
            zone = ZoneId.of(s == null ? Site.DEFAULT_TIMEZONE : s.timezone());
        } catch (DateTimeException e) {
            zone = ZoneId.of(Site.DEFAULT_TIMEZONE);
        }
        ObjectNode merged = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (s != null && s.params().isObject()) {
            merge(merged, (ObjectNode) s.params().deepCopy());
        }
        if (d.params().isObject()) {
            merge(merged, (ObjectNode) d.params().deepCopy());
        }
        params = merged;
        for (DeviceRule r : rulesById.values()) {
            r.forget();
        }
        DeviceService service = d.service();
        workingHours = DeviceService.WORKING_HOURS.equals(service.schedule());
        serviceFrom = service.installDate() == null ? Long.MIN_VALUE : dayStart(service.installDate(), 0);
        serviceTo = service.removeDate() == null ? Long.MAX_VALUE : dayStart(service.removeDate(), 1);
        registrationExpires = service.registration() == null ? Long.MAX_VALUE : dayStart(service.registration().validTo(), 1);
        inspectionExpires = service.inspection() == null ? Long.MAX_VALUE : dayStart(service.inspection().validTo(), 1);
        fallArresterExpires = service.fallArrester() == null ? Long.MAX_VALUE : dayStart(service.fallArrester().validTo(), 1);
        workKnownFrom = Long.MAX_VALUE;
        workKnownTo = Long.MIN_VALUE;
    }

    /** The start of {@code date} + {@code plusDays} in the site's zone, epoch ms; MAX_VALUE for no or a bad date. */
    private long dayStart(String date, int plusDays) {
        if (date == null) {
            return Long.MAX_VALUE;
        }
        try {
            return LocalDate.parse(date).plusDays(plusDays).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Follows the site's calendar (read from the registry when the device or site changed). */
    void calendar(SiteCalendar c) {
        if (c != calendar) {
            calendar = c;
            workKnownFrom = Long.MAX_VALUE;
            workKnownTo = Long.MIN_VALUE;
        }
    }

    SiteCalendar calendar() {
        return calendar;
    }

    /** Whether the device reports only while its site works (and a site calendar is known). */
    boolean expectedOnlyAtWork() {
        return workingHours && calendar != null;
    }

    long serviceFrom() {
        return serviceFrom;
    }

    long serviceTo() {
        return serviceTo;
    }

    /** When the paper ({@code registration}, {@code inspection}, {@code fall_arrester}) expires; MAX_VALUE: not stated. */
    long papersExpire(String paper) {
        return switch (paper) {
            case "registration" -> registrationExpires;
            case "inspection" -> inspectionExpires;
            case "fall_arrester" -> fallArresterExpires;
            default -> Long.MAX_VALUE;
        };
    }

    /**
     * Whether device time {@code ts} is within the site's working hours of the day (whatever the
     * day is: lifting on a holiday by day is not night work) or within a permit's extra hours on
     * its calendar; true with no calendar. Answered from a remembered span while {@code ts} stays
     * in it (the rest of the day's hours; a minute outside them), so the calendar is not read per sample.
     */
    boolean worksAt(long ts) {
        if (calendar == null) {
            return true;
        }
        if (ts >= workKnownFrom && ts < workKnownTo) {
            return workKnown;
        }
        Instant t = Instant.ofEpochMilli(ts);
        java.time.ZonedDateTime z = t.atZone(calendar.zone());
        int minute = z.getHour() * 60 + z.getMinute();
        workKnownFrom = ts;
        if (minute >= calendar.hours().fromMinute() && minute < calendar.hours().toMinute()) {
            workKnown = true;
            workKnownTo = z.toLocalDate().atStartOfDay(calendar.zone()).plusMinutes(calendar.hours().toMinute())
                    .toInstant().toEpochMilli();
        } else {
            workKnown = calendar.permittedBeyondHours(t);
            workKnownTo = ts + 60_000L - ts % 60_000L;
        }
        return workKnown;
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode cur = base.get(e.getKey());
            if (cur instanceof ObjectNode c && e.getValue() instanceof ObjectNode o) {
                merge(c, o);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    Device device() {
        return device;
    }

    Site site() {
        return site;
    }

    String region() {
        return site == null ? "000000" : site.region();
    }

    Subject subject(String rule, String metric) {
        return new Subject(device.siteId(), region(), device.deviceId(), device.kind(), rule, metric);
    }

    /** The rules of this device's kind in {@code current}, following a reload or a change of kind. */
    KindRules rules(RuleSet current) {
        if (current != rulesSeen) {
            kindRules = current.kind(device.kind());
            List<AlarmRule> list = kindRules.rules();
            rules = new DeviceRule[list.size()];
            for (int i = 0; i < rules.length; i++) {
                rules[i] = rule(list.get(i));
            }
            rulesSeen = current;
        }
        return kindRules;
    }

    /**
     * The first rule of a type for this device's kind in {@code current}. Unlike {@link #rules},
     * it leaves the per-rule array alone, because the record being judged may still be indexing
     * into it.
     */
    AlarmRule first(RuleSet current, RuleType type) {
        return current.kind(device.kind()).first(type);
    }

    /** The rule at {@code index} of the kind's rules last returned by {@link #rules}. */
    DeviceRule rule(int index) {
        return rules[index];
    }

    /** A rule of the kind as it stands for this device. */
    DeviceRule rule(AlarmRule r) {
        DeviceRule dr = rulesById.computeIfAbsent(r.id(), id -> new DeviceRule(r));
        dr.follow(r);
        return dr;
    }

    void put(String metric, long ts, double value, long horizonMs) {
        if (horizonMs <= 0) {
            return;
        }
        MetricWindow w = windows.computeIfAbsent(metric, m -> new MetricWindow());
        w.put(ts, value);
        if (clock != Long.MIN_VALUE) {
            w.prune(Math.max(clock, ts) - horizonMs);
        }
    }

    @Override
    public MetricWindow window(String metric) {
        return windows.get(metric);
    }

    @Override
    public JsonNode params() {
        return params;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }
}
