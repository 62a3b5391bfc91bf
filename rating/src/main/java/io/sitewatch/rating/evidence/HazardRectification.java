package io.sitewatch.rating.evidence;

import io.sitewatch.rating.text.Msg;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Share of reported hazards rectified within a deadline. A hazard whose deadline falls after the
 * window's end and is still open is not counted yet: it is not late.
 */
public final class HazardRectification {

    private HazardRectification() {
    }

    /** {@code withinDays} null or ≤ 0: rectified by the window's end counts. */
    public static RateFact measure(List<RatingData.EventFact> events, Instant windowEnd, Integer withinDays) {
        Map<String, Instant> rectified = new HashMap<>();
        for (RatingData.EventFact e : events) {
            if ("hazard_rectified".equals(e.type())) {
                rectified.merge(e.data().path("hazard_id").asText(), e.ts(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        long due = 0;
        long closed = 0;
        long notYetDue = 0;
        for (RatingData.EventFact e : events) {
            if (!"hazard_report".equals(e.type())) {
                continue;
            }
            Instant deadline = withinDays == null || withinDays <= 0 ? windowEnd : e.ts().plus(Duration.ofDays(withinDays));
            Instant fixed = rectified.get(e.data().path("hazard_id").asText());
            boolean inTime = fixed != null && !fixed.isAfter(deadline) && !fixed.isBefore(e.ts());
            if (inTime) {
                due++;
                closed++;
            } else if (deadline.isAfter(windowEnd)) {
                notYetDue++;
            } else {
                due++;
            }
        }
        String deadlineText = withinDays == null || withinDays <= 0 ? "by the window's end" : "within " + withinDays + " days";
        Msg deadline = withinDays == null || withinDays <= 0 ? Msg.of("hazards.by_end") : Msg.of("hazards.within", "days", (long) withinDays);
        Msg text = due == 0
                ? Msg.of(notYetDue > 0 ? "hazards.none.pending" : "hazards.none", "pending", notYetDue)
                : Msg.of(notYetDue > 0 ? "hazards.counted.pending" : "hazards.counted", "closed", closed, "due", due,
                        "deadline", deadline, "pending", notYetDue);
        return new RateFact(closed, due, true, due == 0
                ? "no hazard was due for rectification in the window" + (notYetDue > 0 ? " (" + notYetDue + " not yet due)" : "")
                : closed + " of " + due + " reported hazards rectified " + deadlineText
                        + (notYetDue > 0 ? "; " + notYetDue + " open but not yet due" : ""), text);
    }
}
