package io.sitewatch.rating.evidence;

import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.rating.catalogue.Catalogue;
import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.catalogue.Item;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gathers the evidence a catalogue asks for about one site over a window. In service = the window
 * clipped to the site's registered start..end dates (whole days in the site's time zone). Each
 * device is judged over its expected reporting time: its own service window (install..remove dates
 * within that), around the clock ({@code continuous}) or in the site's working windows
 * ({@code working_hours}, from its calendar); recorder compliance counts the calendar's working days.
 */
public final class EvidenceCollector {

    private static final Set<String> RECORDER_EVENTS = Set.of("clock_in", "safety_log");
    private static final Set<String> HAZARD_EVENTS = Set.of("hazard_report", "hazard_rectified");
    private static final Set<String> LOGIN_EVENTS = Set.of("operator_login");

    private static final int PARALLEL_DEVICES = 4;
    /** The recorder item's parameter that selects the campaign's rule (2026.1 on). */
    private static final String LOG_WINDOW_MINUTES = CatalogueLoader.LOG_WINDOW_MINUTES;

    private final RatingData data;

    public EvidenceCollector(RatingData data) {
        this.data = data;
    }

    public Evidence collect(Catalogue catalogue, String siteId, Instant from, Instant to, Instant now) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the window must end after it starts");
        }
        SiteFacts site = data.site(siteId).orElseThrow(() -> new NoSuchElementException("site " + siteId));
        ZoneId zone = ZoneId.of(site.timezone() == null ? "Asia/Shanghai" : site.timezone());
        SiteCalendar calendar = data.calendar(siteId);
        if (calendar == null) {
            throw new NoSuchElementException("site " + siteId);
        }
        Instant serviceFrom = from;
        Instant serviceTo = to;
        if (site.startDate() != null) {
            serviceFrom = max(from, LocalDate.parse(site.startDate()).atStartOfDay(zone).toInstant());
        }
        if (site.endDate() != null) {
            serviceTo = min(to, LocalDate.parse(site.endDate()).plusDays(1).atStartOfDay(zone).toInstant());
        }
        if (serviceTo.isBefore(serviceFrom)) {
            serviceTo = serviceFrom;
        }
        // whole minutes: the rollup's grain
        long fromMinute = Math.floorDiv(serviceFrom.getEpochSecond() + 59, 60);
        long toMinute = Math.max(fromMinute, Math.floorDiv(serviceTo.getEpochSecond(), 60));

        List<RatingData.RegisteredDevice> devices = data.devices(siteId);
        // the site's working windows once; each working-hours device takes those within its own service window
        List<DeviceQuality.Minutes> working = calendar.windows(Instant.ofEpochSecond(fromMinute * 60), Instant.ofEpochSecond(toMinute * 60))
                .stream().map(w -> new DeviceQuality.Minutes(Math.floorDiv(w.from().getEpochSecond() + 59, 60),
                        Math.floorDiv(w.to().getEpochSecond(), 60))).toList();
        List<DeviceQuality> qualities = measureAll(devices, fromMinute, toMinute, zone, working);

        Map<String, RateFact> rates = new LinkedHashMap<>();
        for (Item item : catalogue.allItems()) {
            switch (item.evidence()) {
                case ALARM_ACK -> rates.put(item.id(),
                        AlarmHandling.measure(data.alarms(siteId, from, to), (int) item.param("limitMinutes", 30)));
                case RECORDER -> rates.put(item.id(), recorder(item, siteId, site, calendar, serviceFrom, serviceTo, to, zone));
                case HAZARD_RECTIFICATION -> rates.put(item.id(), HazardRectification.measure(
                        data.events(siteId, HAZARD_EVENTS, from, to), to, (int) item.param("withinDays", 0)));
                case OPERATOR_CERT -> rates.put(item.id(), operators(item, siteId, devices, from, to, zone));
                default -> {
                    // system items are judged from device qualities, manual ones from entries
                }
            }
        }
        return new Evidence(siteId, from.toEpochMilli(), to.toEpochMilli(), now.toEpochMilli(), site,
                fromMinute * 60_000, toMinute * 60_000, qualities, rates, data.manualEntries(siteId), true);
    }

    /**
     * An item with {@code logWindowMinutes} (2026.1 on) is judged by the campaign's rule (the site's
     * safety officers, its fence, the log uploaded around the clock-in); one without it (2025.1) as before.
     */
    private RateFact recorder(Item item, String siteId, SiteFacts site, SiteCalendar calendar, Instant serviceFrom, Instant serviceTo,
                              Instant to, ZoneId zone) {
        LocalDate first = serviceFrom.atZone(zone).toLocalDate();
        // the last day with any in-service time: [serviceFrom, serviceTo) ends just before serviceTo
        LocalDate last = serviceTo.isAfter(serviceFrom) ? serviceTo.minusNanos(1).atZone(zone).toLocalDate() : first.minusDays(1);
        LocalDate siteStart = site.startDate() == null ? null : LocalDate.parse(site.startDate());
        if (item.params().containsKey(LOG_WINDOW_MINUTES)) {
            int window = (int) item.param(LOG_WINDOW_MINUTES, 0);
            // a log is looked for within the window around each clock-in of the working days [first, last]
            Instant eventsFrom = first.atStartOfDay(zone).toInstant().minusSeconds(window * 60L);
            Instant eventsTo = last.plusDays(1).atStartOfDay(zone).toInstant().plusSeconds(window * 60L);
            return RecorderCompliance.campaign(calendar, first, last, siteStart, data.fence(siteId), data.keyPersonnel(siteId),
                    window, data.events(siteId, RECORDER_EVENTS, eventsFrom, max(eventsTo, eventsFrom)));
        }
        Instant eventsFrom = RecorderCompliance.logsNeededFrom(calendar, first, siteStart).atStartOfDay(zone).toInstant();
        return RecorderCompliance.measure(calendar, first, last, siteStart,
                data.events(siteId, RECORDER_EVENTS, min(eventsFrom, serviceFrom), max(to, serviceFrom)));
    }

    /** Devices are independent range scans: a few at a time keep a 30-device site well under the 5 s target. */
    private List<DeviceQuality> measureAll(List<RatingData.RegisteredDevice> devices, long fromMinute, long toMinute, ZoneId zone,
                                           List<DeviceQuality.Minutes> working) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL_DEVICES, devices.size())));
        try {
            List<Future<DeviceQuality>> futures = new ArrayList<>();
            for (RatingData.RegisteredDevice d : devices) {
                futures.add(pool.submit(() -> measure(d, fromMinute, toMinute, zone, working)));
            }
            List<DeviceQuality> out = new ArrayList<>();
            for (Future<DeviceQuality> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring devices", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** One device over its service window ∩ [fromMinute, toMinute), around the clock or in the working windows. */
    private DeviceQuality measure(RatingData.RegisteredDevice d, long fromMinute, long toMinute, ZoneId zone,
                                  List<DeviceQuality.Minutes> working) {
        long spanFrom = fromMinute;
        long spanTo = toMinute;
        if (d.installDate() != null) {
            spanFrom = Math.max(spanFrom, LocalDate.parse(d.installDate()).atStartOfDay(zone).toEpochSecond() / 60);
        }
        if (d.removeDate() != null) {
            spanTo = Math.min(spanTo, LocalDate.parse(d.removeDate()).plusDays(1).atStartOfDay(zone).toEpochSecond() / 60);
        }
        spanTo = Math.max(spanFrom, spanTo);
        String schedule = d.schedule() == null ? DeviceService.defaultSchedule(d.kind()) : d.schedule();
        List<DeviceQuality.Minutes> expected = new ArrayList<>();
        if (DeviceService.WORKING_HOURS.equals(schedule)) {
            for (DeviceQuality.Minutes w : working) {
                long a = Math.max(w.fromMinute(), spanFrom);
                long b = Math.min(w.toMinute(), spanTo);
                if (b > a) {
                    expected.add(new DeviceQuality.Minutes(a, b));
                }
            }
        } else if (spanTo > spanFrom) {
            expected.add(new DeviceQuality.Minutes(spanFrom, spanTo));
        }
        DeviceActivity activity = expected.isEmpty() ? DeviceActivity.silent()
                : data.activity(d.deviceId(), Instant.ofEpochSecond(spanFrom * 60), Instant.ofEpochSecond(spanTo * 60));
        return DeviceQuality.measureExpected(d.deviceId(), d.kind(), d.periodS(), schedule, activity, expected, spanFrom, spanTo);
    }

    private RateFact operators(Item item, String siteId, List<RatingData.RegisteredDevice> devices,
                               Instant from, Instant to, ZoneId zone) {
        List<RatingData.EventFact> logins = data.events(siteId, LOGIN_EVENTS, from, to);
        Map<String, String> kinds = new HashMap<>();
        devices.forEach(d -> kinds.put(d.deviceId(), d.kind()));
        Map<String, String> certKinds = new HashMap<>();
        if (item.params().get("certKinds") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> certKinds.put(String.valueOf(k), String.valueOf(v)));
        }
        Set<String> certNos = new java.util.HashSet<>();
        logins.forEach(l -> certNos.add(l.data().path("cert_no").asText()));
        return OperatorCompliance.measure(logins, kinds, data.certificates(certNos), certKinds, zone);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
