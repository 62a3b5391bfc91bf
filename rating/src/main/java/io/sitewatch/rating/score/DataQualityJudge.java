package io.sitewatch.rating.score;

import io.sitewatch.rating.catalogue.DataQualityRules;
import io.sitewatch.rating.evidence.DeviceQuality;
import io.sitewatch.rating.text.Msg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Judges one device's data against the catalogue's data-quality rules, saying why it fails. */
final class DataQualityJudge {

    private DataQualityJudge() {
    }

    static RatingResult.DeviceVerdict judge(DeviceQuality q, DataQualityRules rules) {
        return judge(q, rules, false);
    }

    /** @param texts whether to say why in Chinese and English as well ({@link RatingResult.DeviceVerdict#whyText()}) */
    static RatingResult.DeviceVerdict judge(DeviceQuality q, DataQualityRules rules, boolean texts) {
        if (q.schedule() != null && !q.inService()) {
            // installed after the window or removed before it: nothing was expected of it
            RatingResult.DeviceVerdict v = new RatingResult.DeviceVerdict(q.deviceId(), q.kind(), q.onlineRate(), q.longestGapMinutes(),
                    q.observedPeriodS(), false, "not in service in the window", q.schedule(), 0L);
            return texts ? v.withText(Msg.of("dq.not_in_service")) : v;
        }
        List<String> fails = new ArrayList<>();
        List<Msg> failTexts = new ArrayList<>();
        if (q.samples() == 0) {
            fails.add("no data in the window");
            failTexts.add(Msg.of("dq.no_data"));
        } else {
            if (q.onlineRate() < rules.minOnlineRate()) {
                fails.add(String.format(Locale.ROOT, "online %.1f %% < %.1f %%", 100 * q.onlineRate(), 100 * rules.minOnlineRate()));
                failTexts.add(Msg.of("dq.online_low", "rate", q.onlineRate(), "min", rules.minOnlineRate()));
            }
            // a device whose own period is longer than the limit is judged against twice its period
            long gapLimit = Math.max(rules.maxGapMinutes(), 2L * ((q.registeredPeriodS() + 59) / 60));
            if (q.longestGapMinutes() > gapLimit) {
                fails.add("gap of " + q.longestGapMinutes() + " min > " + gapLimit + " min");
                failTexts.add(Msg.of("dq.gap", "gap", q.longestGapMinutes(), "limit", gapLimit));
            }
            Integer maxPeriod = rules.maxPeriodSeconds().get(q.kind());
            if (maxPeriod != null && q.observedPeriodS() != null && q.observedPeriodS() > maxPeriod + 1e-9) {
                fails.add(String.format(Locale.ROOT, "reports every %.1f s > %d s", q.observedPeriodS(), maxPeriod));
                failTexts.add(Msg.of("dq.period", "period", q.observedPeriodS(), "max", (long) maxPeriod));
            }
        }
        String why = fails.isEmpty()
                ? String.format(Locale.ROOT, "online %.1f %%, longest gap %d min, period %.1f s",
                        100 * q.onlineRate(), q.longestGapMinutes(), q.observedPeriodS())
                : String.join("; ", fails);
        Msg whyText = fails.isEmpty()
                ? Msg.of("dq.ok", "rate", q.onlineRate(), "gap", q.longestGapMinutes(), "period", q.observedPeriodS())
                : Msg.of("dq.fails", "fails", failTexts);
        if (q.schedule() == null) {
            RatingResult.DeviceVerdict v = new RatingResult.DeviceVerdict(q.deviceId(), q.kind(), q.onlineRate(), q.longestGapMinutes(),
                    q.observedPeriodS(), fails.isEmpty(), why);
            return texts ? v.withText(whyText) : v;
        }
        boolean working = "working_hours".equals(q.schedule());
        why += String.format(Locale.ROOT, " (over %s h expected, %s)", hours(q.serviceMinutes()),
                working ? "in the site's working hours" : "around the clock");
        RatingResult.DeviceVerdict v = new RatingResult.DeviceVerdict(q.deviceId(), q.kind(), q.onlineRate(), q.longestGapMinutes(),
                q.observedPeriodS(), fails.isEmpty(), why, q.schedule(), q.serviceMinutes());
        return texts ? v.withText(Msg.of("dq.expected", "why", whyText, "hours", Math.round(q.serviceMinutes() / 6.0) / 10.0,
                "schedule", Msg.of(working ? "schedule.working_hours" : "schedule.continuous"))) : v;
    }

    private static String hours(long minutes) {
        return minutes % 60 == 0 ? Long.toString(minutes / 60) : String.format(Locale.ROOT, "%.1f", minutes / 60.0);
    }
}
