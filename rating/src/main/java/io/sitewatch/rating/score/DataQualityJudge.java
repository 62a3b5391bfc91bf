package io.sitewatch.rating.score;

import io.sitewatch.rating.catalogue.DataQualityRules;
import io.sitewatch.rating.evidence.DeviceQuality;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Judges one device's data against the catalogue's data-quality rules, saying why it fails. */
final class DataQualityJudge {

    private DataQualityJudge() {
    }

    static RatingResult.DeviceVerdict judge(DeviceQuality q, DataQualityRules rules) {
        if (q.schedule() != null && !q.inService()) {
            // installed after the window or removed before it: nothing was expected of it
            return new RatingResult.DeviceVerdict(q.deviceId(), q.kind(), q.onlineRate(), q.longestGapMinutes(),
                    q.observedPeriodS(), false, "not in service in the window", q.schedule(), 0L);
        }
        List<String> fails = new ArrayList<>();
        if (q.samples() == 0) {
            fails.add("no data in the window");
        } else {
            if (q.onlineRate() < rules.minOnlineRate()) {
                fails.add(String.format(Locale.ROOT, "online %.1f %% < %.1f %%", 100 * q.onlineRate(), 100 * rules.minOnlineRate()));
            }
            // a device whose own period is longer than the limit is judged against twice its period
            long gapLimit = Math.max(rules.maxGapMinutes(), 2L * ((q.registeredPeriodS() + 59) / 60));
            if (q.longestGapMinutes() > gapLimit) {
                fails.add("gap of " + q.longestGapMinutes() + " min > " + gapLimit + " min");
            }
            Integer maxPeriod = rules.maxPeriodSeconds().get(q.kind());
            if (maxPeriod != null && q.observedPeriodS() != null && q.observedPeriodS() > maxPeriod + 1e-9) {
                fails.add(String.format(Locale.ROOT, "reports every %.1f s > %d s", q.observedPeriodS(), maxPeriod));
            }
        }
        String why = fails.isEmpty()
                ? String.format(Locale.ROOT, "online %.1f %%, longest gap %d min, period %.1f s",
                        100 * q.onlineRate(), q.longestGapMinutes(), q.observedPeriodS())
                : String.join("; ", fails);
        if (q.schedule() == null) {
            return new RatingResult.DeviceVerdict(q.deviceId(), q.kind(), q.onlineRate(), q.longestGapMinutes(),
                    q.observedPeriodS(), fails.isEmpty(), why);
        }
        why += String.format(Locale.ROOT, " (over %s h expected, %s)", hours(q.serviceMinutes()),
                "working_hours".equals(q.schedule()) ? "in the site's working hours" : "around the clock");
        return new RatingResult.DeviceVerdict(q.deviceId(), q.kind(), q.onlineRate(), q.longestGapMinutes(),
                q.observedPeriodS(), fails.isEmpty(), why, q.schedule(), q.serviceMinutes());
    }

    private static String hours(long minutes) {
        return minutes % 60 == 0 ? Long.toString(minutes / 60) : String.format(Locale.ROOT, "%.1f", minutes / 60.0);
    }
}
