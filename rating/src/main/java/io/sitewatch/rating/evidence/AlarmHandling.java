package io.sitewatch.rating.evidence;

import io.sitewatch.rating.text.Msg;
import java.time.Duration;
import java.util.List;

/** Share of alarms acknowledged within a time limit of being raised. */
public final class AlarmHandling {

    private AlarmHandling() {
    }

    public static RateFact measure(List<RatingData.AlarmFact> alarms, int limitMinutes) {
        Duration limit = Duration.ofMinutes(limitMinutes);
        long inTime = alarms.stream()
                .filter(a -> a.ack() != null && Duration.between(a.start(), a.ack()).compareTo(limit) <= 0)
                .count();
        long late = alarms.stream().filter(a -> a.ack() != null).count() - inTime;
        long never = alarms.size() - inTime - late;
        return new RateFact(inTime, alarms.size(), true, alarms.isEmpty()
                ? "no alarms were raised in the window"
                : inTime + " of " + alarms.size() + " alarms acknowledged within " + limitMinutes + " min ("
                        + late + " later, " + never + " never)",
                alarms.isEmpty() ? Msg.of("alarms.none") : Msg.of("alarms.counted", "ok", inTime, "total", (long) alarms.size(),
                        "limit", (long) limitMinutes, "late", late, "never", never));
    }
}
