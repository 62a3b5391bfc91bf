package io.sitewatch.registry;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.InvalidEntryException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;

/**
 * The registry's HTTP 1.1 fields turned into values, each refusal naming the field
 * ({@code location.lat}, {@code workingHours.days}, {@code extraHours.to}, ...).
 */
final class Entries {

    /** A fence wider than this is no site's: a typo in the radius, not a project. */
    static final double MAX_RADIUS_M = 20_000;
    static final int MAX_TEXT = 500;

    private Entries() {
    }

    /** The site's fence, or null when none of its three numbers is given. */
    static GeoFence location(Double lat, Double lon, Double radiusM) throws InvalidEntryException {
        if (lat == null && lon == null && radiusM == null) {
            return null;
        }
        require(lat != null, "location.lat is required (WGS-84 degrees)");
        require(lon != null, "location.lon is required (WGS-84 degrees)");
        require(radiusM != null, "location.radiusM is required (metres around the point within which a clock-in counts)");
        require(lat >= -90 && lat <= 90, "location.lat must be WGS-84 degrees from -90 to 90, got " + lat);
        require(lon >= -180 && lon <= 180, "location.lon must be WGS-84 degrees from -180 to 180, got " + lon);
        require(radiusM > 0 && radiusM <= MAX_RADIUS_M, "location.radiusM must be more than 0 and at most "
                + (int) MAX_RADIUS_M + " metres, got " + radiusM);
        return new GeoFence(lat, lon, radiusM);
    }

    /** The site's working hours, or null (the default) when the object is not given. */
    static WorkingHours workingHours(boolean given, String from, String to, List<Integer> days) throws InvalidEntryException {
        if (!given) {
            return null;
        }
        int f = minute("workingHours.from", from);
        int t = minute("workingHours.to", to);
        require(f < t, "workingHours.to (" + to + ") must be after workingHours.from (" + from + "): the hours lie within one day");
        require(days != null && !days.isEmpty(), "workingHours.days must list the ISO weekdays worked (1 = Monday … 7 = Sunday)");
        try {
            return WorkingHours.of(from, to, days);
        } catch (IllegalArgumentException e) { // a day that is no ISO weekday: "days: 8 is not …"
            throw new InvalidEntryException("workingHours." + e.getMessage());
        }
    }

    /** A mark on a site's calendar as a caller sent it; {@code source} is the caller's (site or regulator). */
    static CalendarMark mark(LocalDate date, Boolean working, String reason, String note, boolean extraGiven, String extraFrom,
                             String extraTo, String permit, String source) throws InvalidEntryException {
        require(working != null, "working is required: false for a day off (typhoon, suspension, ...), true for a working day");
        require(reason == null || CalendarMark.REASONS.contains(reason),
                "reason must be one of typhoon, holiday, suspension, other, got " + reason);
        require(note == null || note.length() <= MAX_TEXT, "note is longer than " + MAX_TEXT + " characters");
        CalendarMark.ExtraHours extra = null;
        if (extraGiven) {
            require(working, "extraHours: work beyond the working hours needs a working day (working: true)");
            int f = minute("extraHours.from", extraFrom);
            int t = minute("extraHours.to", extraTo);
            require(f < t, "extraHours.to (" + extraTo + ") must be after extraHours.from (" + extraFrom
                    + "): mark the next date for work past midnight");
            require(permit == null || permit.length() <= 100, "extraHours.permit is longer than 100 characters");
            extra = new CalendarMark.ExtraHours(f, t, permit == null || permit.isBlank() ? null : permit.trim());
        }
        return new CalendarMark(date, working, reason, note == null || note.isBlank() ? null : note, extra, source);
    }

    static LocalDate date(String iso, String field) throws InvalidEntryException {
        if (iso == null) {
            return null;
        }
        try {
            return LocalDate.parse(iso);
        } catch (DateTimeException e) {
            throw new InvalidEntryException(field + " must be a date YYYY-MM-DD, got " + iso);
        }
    }

    private static int minute(String field, String hhmm) throws InvalidEntryException {
        require(hhmm != null, field + " is required (HH:MM)");
        try {
            return WorkingHours.minute(hhmm);
        } catch (IllegalArgumentException e) {
            throw new InvalidEntryException(field + " must be a time HH:MM from 00:00 to 24:00, got " + hhmm);
        }
    }

    static void require(boolean ok, String message) throws InvalidEntryException {
        if (!ok) {
            throw new InvalidEntryException(message);
        }
    }
}
