package io.sitewatch.registry;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole registry in memory, so that the message path never waits for the database. Filled at
 * start, updated on every change this instance makes and on change notices from other instances.
 * Each site's {@link SiteCalendar} is built here when the site or its marks change, never per read.
 */
public final class RegistryCache implements RegistryLookup {

    private final Map<String, Site> sites = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, OperatorCert> operators = new ConcurrentHashMap<>();
    private final Map<String, Map<LocalDate, CalendarMark>> marks = new ConcurrentHashMap<>();
    private final Map<String, SiteCalendar> calendars = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    @Override
    public Device device(String deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public Site site(String siteId) {
        return sites.get(siteId);
    }

    @Override
    public OperatorCert operator(String certNo) {
        return operators.get(certNo);
    }

    @Override
    public long generation() {
        return generation.get();
    }

    @Override
    public Collection<Site> sites() {
        return List.copyOf(sites.values());
    }

    @Override
    public Collection<Device> devices() {
        return List.copyOf(devices.values());
    }

    @Override
    public SiteCalendar calendar(String siteId) {
        return calendars.get(siteId);
    }

    /** The marks on a site's calendar, by date. */
    Map<LocalDate, CalendarMark> marks(String siteId) {
        return marks.getOrDefault(siteId, Map.of());
    }

    synchronized void put(Site s) {
        sites.put(s.siteId(), s);
        rebuildCalendar(s.siteId());
        generation.incrementAndGet();
    }

    void put(Device d) {
        devices.put(d.deviceId(), d);
        generation.incrementAndGet();
    }

    void put(OperatorCert o) {
        operators.put(o.certNo(), o);
    }

    /** Replaces the marks of a site's calendar with these (all of them). */
    synchronized void putMarks(String siteId, Map<LocalDate, CalendarMark> siteMarks) {
        if (siteMarks.isEmpty()) {
            marks.remove(siteId);
        } else {
            marks.put(siteId, Map.copyOf(siteMarks));
        }
        rebuildCalendar(siteId);
        generation.incrementAndGet();
    }

    synchronized void removeSite(String id) {
        sites.remove(id);
        calendars.remove(id);
        generation.incrementAndGet();
    }

    void removeDevice(String id) {
        devices.remove(id);
        generation.incrementAndGet();
    }

    void removeOperator(String id) {
        operators.remove(id);
    }

    private void rebuildCalendar(String siteId) {
        Site s = sites.get(siteId);
        if (s != null) {
            calendars.put(siteId, new SiteCalendar(ZoneId.of(s.timezone()), s.workingHours(), NationalCalendar.bundled(),
                    marks(siteId)));
        }
    }
}
