package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.Timers;

import io.sitewatch.alarms.eval.AlarmLifecycle;
import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.KindRules;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.rule.RuleType;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.Site;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a lifting machine may be used for: the {@code equipment_papers} rules (a tower crane,
 * hoist or gondola in use — load, movement or a work cycle — while its 使用登记, 定期检验 or, for a
 * hoist, 防坠安全器 has expired: an ALARM, once while it lasts) and the {@code night_work} rule
 * (lifting outside the site's working hours with no permit on its calendar: a WARNING, 疑似无证夜间施工).
 *
 * <p>Per sample only cheap checks: the papers' expiries are precomputed per device
 * ({@link DeviceState#papersExpire}, refreshed on registry change), and whether the site works is
 * answered from a remembered span ({@link DeviceState#worksAt}). Both alarms clear after the
 * machine has been idle for the rule's clear duration of device time; a papers alarm also clears
 * once the registry shows the paper renewed. A daily job ({@link #DAILY_AT}, site-default time
 * zone, a re-armed timer on the engine's clock) raises a WARNING from {@code warnDays} before each
 * expiry, kept while the paper is out of date and cleared when it is renewed.
 */
final class MachineUse {

    /** The daily papers check runs at this local time (Asia/Shanghai) and once when the shard opens. */
    static final LocalTime DAILY_AT = LocalTime.of(7, 0);
    static final String EXPIRY = "valid_to";
    private static final ZoneId DAILY_ZONE = ZoneId.of(Site.DEFAULT_TIMEZONE);

    private final int shard;
    private final AlarmEngine engine;
    private final OpenAlarms alarms;
    private final TransitionWriter writer;
    private final Timers timers;
    private final InstantSource clock;
    private Function<Device, DeviceState> states;
    private long timer = -1;
    private boolean stopped;

    MachineUse(int shard, AlarmEngine engine, OpenAlarms alarms, TransitionWriter writer, Timers timers,
               InstantSource clock) {
        this.shard = shard;
        this.engine = engine;
        this.alarms = alarms;
        this.writer = writer;
        this.timers = timers;
        this.clock = clock;
    }

    /** The shard's device states, by registered device (made when missing). */
    void states(Function<Device, DeviceState> states) {
        this.states = states;
    }

    /** One sample for an equipment_papers or night_work rule; {@code values} holds the rule's metric or movement. */
    void sample(DeviceState d, DeviceRule r, Map<String, Double> values, long ts, long receivedAt) {
        AlarmRule rule = r.rule();
        Double v = values.get(rule.metric());
        AlarmRule.Guard moving = rule.papers() == null ? null : rule.papers().moving();
        boolean operating = v != null && v > rule.operatingAbove() || moving != null && moving.holds(values);
        if (rule.type() == RuleType.EQUIPMENT_PAPERS) {
            papers(d, r, operating, v == null ? Double.NaN : v, ts, receivedAt);
        } else {
            night(d, r, operating, v == null ? Double.NaN : v, ts, receivedAt);
        }
    }

    /** A work cycle: the machine lifted, whatever its samples showed. */
    void cycle(DeviceState d, KindRules kind, long ts, long receivedAt) {
        List<AlarmRule> rules = kind.rules();
        for (int i = 0; i < rules.size(); i++) {
            RuleType t = rules.get(i).type();
            if (t == RuleType.EQUIPMENT_PAPERS) {
                papers(d, d.rule(i), true, Double.NaN, ts, receivedAt);
            } else if (t == RuleType.NIGHT_WORK) {
                night(d, d.rule(i), true, Double.NaN, ts, receivedAt);
            }
        }
    }

    private void papers(DeviceState d, DeviceRule r, boolean operating, double value, long ts, long receivedAt) {
        AlarmRule rule = r.rule();
        String paper = rule.papers().paper();
        long expires = d.papersExpire(paper);
        if (operating && ts >= expires) {
            d.lastPapersUseTs = Math.max(d.lastPapersUseTs, ts);
            Alarm open = d.open.get(r.alarmKey());
            if (open == null || open.level() != Level.ALARM) {
                String validTo = validTo(d.device().service(), paper);
                alarms.step(d, r, open, AlarmLifecycle.raise(Level.ALARM, value, rule.operatingAbove(),
                        "in use with its " + name(paper) + " expired on " + validTo), ts, receivedAt);
            }
        } else if (!d.open.isEmpty()) {
            Alarm open = d.open.get(r.alarmKey());
            if (open != null && (ts < expires
                    || !operating && ts - d.lastPapersUseTs >= rule.clear().durationMs())) {
                alarms.step(d, r, open, Verdict.clear(value, rule.operatingAbove()), ts, receivedAt);
            }
        }
    }

    private void night(DeviceState d, DeviceRule r, boolean operating, double value, long ts, long receivedAt) {
        AlarmRule rule = r.rule();
        if (operating) {
            d.lastNightLiftTs = Math.max(d.lastNightLiftTs, ts);
            boolean works = d.worksAt(ts);
            Alarm open = d.open.isEmpty() ? null : d.open.get(r.alarmKey());
            if (!works && open == null) {
                String at = Instant.ofEpochMilli(ts).atZone(d.zone()).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString();
                alarms.step(d, r, null, AlarmLifecycle.raise(Level.WARNING, value, rule.operatingAbove(),
                        "疑似无证夜间施工: lifting at " + at + " outside the site's working hours with no night-work"
                                + " permit on its calendar"), ts, receivedAt);
            } else if (works && open != null) {
                alarms.step(d, r, open, Verdict.clear(value, rule.operatingAbove()), ts, receivedAt);
            }
        } else if (!d.open.isEmpty()) {
            Alarm open = d.open.get(r.alarmKey());
            if (open != null && ts - d.lastNightLiftTs >= rule.clear().durationMs()) {
                alarms.step(d, r, open, Verdict.clear(value, rule.operatingAbove()), ts, receivedAt);
            }
        }
    }

    /** After the registry changed the device: papers renewed clear their alarms at once. */
    void refreshed(DeviceState d) {
        if (d.open.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (AlarmRule rule : engine.rules().kind(d.device().kind()).rules()) {
            if (rule.type() == RuleType.EQUIPMENT_PAPERS) {
                DeviceRule r = d.rule(rule);
                Alarm open = d.open.get(r.alarmKey());
                long at = d.clock == Long.MIN_VALUE ? now : d.clock;
                if (open != null && at < d.papersExpire(rule.papers().paper())) {
                    alarms.step(d, r, open, Verdict.clear(Double.NaN, rule.operatingAbove()), at, 0);
                }
                judgeExpiry(d, rule, now);
            }
        }
    }

    /** Runs the daily check now, then every day at {@link #DAILY_AT}. */
    void start() {
        daily();
    }

    private void daily() {
        if (stopped) {
            return;
        }
        long now = clock.millis();
        if (states != null) {
            for (Device dev : engine.registry().devices()) {
                if (!engine.owns(shard, dev.deviceId())) {
                    continue;
                }
                List<AlarmRule> rules = engine.rules().kind(dev.kind()).rules();
                for (AlarmRule rule : rules) {
                    if (rule.type() == RuleType.EQUIPMENT_PAPERS) {
                        judgeExpiry(states.apply(dev), rule, now);
                    }
                }
            }
        }
        writer.flush();
        ZonedDateTime z = Instant.ofEpochMilli(now).atZone(DAILY_ZONE);
        ZonedDateTime next = z.toLocalDate().atTime(DAILY_AT).atZone(DAILY_ZONE);
        if (!next.isAfter(z)) {
            next = next.plusDays(1);
        }
        timer = timers.setTimer(next.toInstant().toEpochMilli() - now, this::daily);
    }

    /** The warning ahead of a paper's expiry (and while it stays expired), judged on the site's calendar day. */
    private void judgeExpiry(DeviceState d, AlarmRule rule, long now) {
        String paper = rule.papers().paper();
        String validTo = validTo(d.device().service(), paper);
        Alarm open = d.open.get(Alarm.key(rule.id(), EXPIRY));
        boolean inService = now >= d.serviceFrom() && now < d.serviceTo();
        long left;
        try {
            left = validTo == null || !inService ? Long.MAX_VALUE
                    : ChronoUnit.DAYS.between(Instant.ofEpochMilli(now).atZone(d.zone()).toLocalDate(), LocalDate.parse(validTo));
        } catch (java.time.DateTimeException e) {
            left = Long.MAX_VALUE;
        }
        int warnDays = rule.papers().warnDays();
        if (left <= warnDays) {
            if (open == null) {
                String detail = left >= 0
                        ? name(paper) + " valid to " + validTo + ": " + left + " days left, renew it before then"
                        : name(paper) + " expired on " + validTo + ": the machine must not be used";
                alarms.step(d, rule, EXPIRY, AlarmLifecycle.raise(Level.WARNING, left, warnDays, detail), now, 0);
            }
        } else if (open != null) {
            alarms.step(d, rule, EXPIRY, Verdict.clear(left == Long.MAX_VALUE ? Double.NaN : left, warnDays), now, 0);
        }
    }

    private static String validTo(DeviceService s, String paper) {
        return switch (paper) {
            case "registration" -> s.registration() == null ? null : s.registration().validTo();
            case "inspection" -> s.inspection() == null ? null : s.inspection().validTo();
            case "fall_arrester" -> s.fallArrester() == null ? null : s.fallArrester().validTo();
            default -> null;
        };
    }

    private static String name(String paper) {
        return switch (paper) {
            case "registration" -> "使用登记 (registration)";
            case "inspection" -> "定期检验 (periodic inspection)";
            case "fall_arrester" -> "防坠安全器 calibration (fall arrester)";
            default -> paper;
        };
    }

    void stop() {
        stopped = true;
        timers.cancel(timer);
    }
}
