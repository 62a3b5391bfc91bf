package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.SiteSpec;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** Local clock times of a scenario's days in the site's time zone, as epoch millis. */
record SiteDay(SiteSpec site, LocalDate firstDay) {

    long at(int hour, int minute) {
        return at(0, hour, minute);
    }

    long at(int dayOffset, int hour, int minute) {
        ZonedDateTime t = ZonedDateTime.of(firstDay.plusDays(dayOffset), LocalTime.MIDNIGHT, site.timezone())
                .plusHours(hour).plusMinutes(minute);
        return t.toInstant().toEpochMilli();
    }

    String device(String kind) {
        return site.requireKind(kind).deviceId();
    }
}
