package io.sitewatch.core.registry;

import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;

/**
 * The registry as the other modules read it: sites, devices, operator certificates and site
 * calendars, answered from memory. Owned and implemented by the registry module
 * ({@code RegistryCache}); readers depend on this port only, never on the registry's tables.
 */
public interface RegistryLookup extends DeviceLookup {

    /** The registered site, or null. */
    Site site(String siteId);

    /** The operator certificate, or null. */
    OperatorCert operator(String certNo);

    /**
     * Changes after every put or removal of a site or device and every change of a site's calendar
     * (not on operator changes): a reader that takes it before its lookups and finds it unchanged
     * later holds current entries.
     */
    long generation();

    Collection<Site> sites();

    Collection<Device> devices();

    /**
     * When the site works: its time zone and working hours, the national statutory holidays and the
     * dates the site or a regulator marked on its calendar (typhoon, suspension, night-work permits);
     * null for a site not registered. The registry's cache answers from memory and follows every
     * change of the marks; this default, for lookups that keep no marks (test doubles), knows the
     * site's hours and the national calendar only.
     */
    default SiteCalendar calendar(String siteId) {
        Site s = site(siteId);
        return s == null ? null
                : new SiteCalendar(ZoneId.of(s.timezone()), s.workingHours(), NationalCalendar.bundled(), Map.of());
    }
}
