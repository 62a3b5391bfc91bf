package io.sitewatch.core.port;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry read from the database at the moment of the call. Owned and implemented by the
 * registry module ({@code JdbcRegistryQueries}). Unlike the in-memory
 * {@link io.sitewatch.core.registry.RegistryLookup}, which follows changes by notice, this one sees
 * every committed change at once and needs no running registry: for readers off the message path
 * that must be exact, such as a rating computed by the service or by the command line. Blocking:
 * call from a worker thread. A failed read throws {@link IllegalStateException}.
 */
public interface RegistryQueries {

    /** The site as stored, if registered. */
    Optional<Site> site(String siteId);

    /** The site's devices, by device id. */
    List<Device> devicesOfSite(String siteId);

    /**
     * The site's key people (关键岗位人员) as stored, by person id; empty when none are registered or
     * the site is not registered.
     */
    List<KeyPerson> keyPersonnel(String siteId);

    /**
     * Every site's key people, by site id (sites without any left out): what a reader ranking all
     * sites reads in one go. The default is for stores that keep no roster across sites (test
     * doubles; readers then ask {@link #keyPersonnel} site by site); the registry's store answers
     * in one read.
     */
    default Map<String, List<KeyPerson>> keyPersonnelOfAll() {
        throw new UnsupportedOperationException("this registry does not list key people across sites");
    }

    /** The registered certificates among these numbers, by certificate number. */
    Map<String, OperatorCert> operators(Collection<String> certNos);

    /**
     * The dates the site or a regulator marked on the site's calendar (typhoon, suspension, a
     * working day, night-work permits), by date; empty when there are none or the site is not
     * registered.
     */
    Map<LocalDate, CalendarMark> calendarMarks(String siteId);

    /**
     * When the site works, as stored at the moment of the call: its time zone and working hours,
     * the national statutory holidays ({@link NationalCalendar#bundled()}) and its marked dates;
     * empty for a site not registered. The same calendar {@link
     * io.sitewatch.core.registry.RegistryLookup#calendar} keeps in memory, read fresh.
     */
    default Optional<SiteCalendar> calendar(String siteId) {
        return site(siteId).map(s -> new SiteCalendar(ZoneId.of(s.timezone()), s.workingHours(), NationalCalendar.bundled(),
                calendarMarks(siteId)));
    }
}
