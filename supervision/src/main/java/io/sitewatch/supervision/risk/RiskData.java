package io.sitewatch.supervision.risk;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.port.AlarmQueries;
import io.sitewatch.core.port.AlarmQueries.AlarmTally;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.port.RegistryQueries;
import io.sitewatch.core.port.TelemetryRollups;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.supervision.risk.ProjectFacts.AlarmCount;
import io.sitewatch.supervision.risk.ProjectFacts.Duty;
import io.sitewatch.supervision.risk.ProjectFacts.HazardFact;
import io.sitewatch.supervision.risk.ProjectFacts.LetterFact;
import io.sitewatch.supervision.risk.ProjectFacts.Monitoring;
import io.sitewatch.supervision.risk.ProjectFacts.Paper;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderCheck;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderMiss;
import io.sitewatch.supervision.risk.RiskModel.Factor;
import io.sitewatch.supervision.risk.RiskModel.FactorKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Gathers each project's facts for a window through the owners' ports: the registry (sites,
 * devices and their papers, key people, calendars), the alarms' tallies, the rollups' active days,
 * the recorders' clock-ins and safety logs, the warning letters ({@link LetterFacts}); and the
 * major hazards from this module's own ledger. Each is read once for all projects (aggregates, not
 * raw samples; no round trip per project where the port answers across sites). Blocking: call
 * from a worker thread.
 */
public final class RiskData {

    static final String CLOCK_IN = "clock_in";
    static final String SAFETY_LOG = "safety_log";
    static final String RECORDER = "recorder";
    /** How far back the previous working day (whose safety log is due) is looked for. */
    static final int LOOK_BACK_DAYS = 31;
    /** Alarm ids a tally names inline (the evidence route lists them all). */
    static final int IDS_PER_TALLY = 5;
    /** Devices below this many are read for their active days in one part. */
    static final int ACTIVE_DAYS_PART = 2_500;

    private final DataSource ds;
    private final RegistryLookup registry;
    private final RegistryQueries registryQueries;
    private final AlarmQueries alarms;
    private final TelemetryRollups rollups;
    private final DeviceEvents events;
    private final DutyRules duties;
    private final LetterFacts letters;

    public RiskData(DataSource ds, RegistryLookup registry, RegistryQueries registryQueries, AlarmQueries alarms,
                    TelemetryRollups rollups, DeviceEvents events, DutyRules duties) {
        this(ds, registry, registryQueries, alarms, rollups, events, duties, LetterFacts.NONE);
    }

    public RiskData(DataSource ds, RegistryLookup registry, RegistryQueries registryQueries, AlarmQueries alarms,
                    TelemetryRollups rollups, DeviceEvents events, DutyRules duties, LetterFacts letters) {
        this.letters = letters == null ? LetterFacts.NONE : letters;
        this.ds = ds;
        this.registry = registry;
        this.registryQueries = registryQueries;
        this.alarms = alarms;
        this.rollups = rollups;
        this.events = events;
        this.duties = duties;
    }

    /** The registered projects whose region is in scope (null: every region), in id order. */
    public List<Site> projects(Predicate<String> inScope) {
        List<Site> out = new ArrayList<>();
        for (Site s : registry.sites()) {
            if (inScope == null || inScope.test(s.region())) {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.siteId().compareTo(b.siteId()));
        return out;
    }

    /** The facts of the projects whose region is in scope (null: every region) over [from, to). */
    public List<ProjectFacts> facts(RiskModel model, Instant from, Instant to, Predicate<String> inScope) {
        List<Site> sites = projects(inScope);
        Set<String> siteIds = new HashSet<>();
        sites.forEach(s -> siteIds.add(s.siteId()));
        Map<String, List<Device>> devicesOf = new HashMap<>();
        for (Device d : registry.devices()) {
            if (siteIds.contains(d.siteId())) {
                devicesOf.computeIfAbsent(d.siteId(), k -> new ArrayList<>()).add(d);
            }
        }
        for (List<Device> ds : devicesOf.values()) {
            ds.sort((x, y) -> x.deviceId().compareTo(y.deviceId()));
        }
        Factor offline = model.factor(FactorKind.OFFLINE);
        boolean needDuties = model.factor(FactorKind.ATTENDANCE) != null;
        boolean needRecorder = model.factor(FactorKind.RECORDER) != null;
        boolean needPapers = model.factor(FactorKind.PAPERS) != null;
        Map<ZoneId, List<String>> devicesByZone = new HashMap<>();
        for (Site s : sites) {
            for (Device d : devicesOf.getOrDefault(s.siteId(), List.of())) {
                devicesByZone.computeIfAbsent(ZoneId.of(s.timezone()), k -> new ArrayList<>()).add(d.deviceId());
            }
        }
        // The reads are independent: made at once, each on its own connection, so the database
        // answers one while this process decodes another.
        // Active days are the largest read: in up to two parts of the devices, decoded side by side.
        List<CompletableFuture<Map<String, Set<LocalDate>>>> activeParts = new ArrayList<>();
        devicesByZone.forEach((zone, ids) -> {
            int part = Math.max(ACTIVE_DAYS_PART, (ids.size() + 1) / 2);
            for (int i = 0; i < ids.size(); i += part) {
                List<String> slice = ids.subList(i, Math.min(ids.size(), i + part));
                activeParts.add(read(() -> rollups.activeDaysByDevice(slice, from, to, zone)));
            }
        });
        CompletableFuture<Map<String, List<DeviceEvents.DutyEvent>>> onDuty = needDuties || needRecorder
                ? read(() -> dutyEvents(sites, siteIds, from.minus(1, ChronoUnit.DAYS), to)) : done(Map.of());
        CompletableFuture<List<AlarmTally>> tallies = read(() -> alarms.tallies(from, to, capSeconds(model, FactorKind.ACK_MINUTES),
                capSeconds(model, FactorKind.DISPOSE_MINUTES), IDS_PER_TALLY));
        CompletableFuture<Map<String, List<HazardFact>>> hazards = read(() -> majorHazards(to, siteIds));
        CompletableFuture<Map<String, List<KeyPerson>>> roster = needDuties ? read(() -> keyPeople(sites)) : done(Map.of());
        CompletableFuture<Map<String, List<LetterFacts.OverdueLetter>>> overdue = model.factor(FactorKind.LETTERS) != null
                ? read(() -> letters.overdue(from, to)) : done(Map.of());
        Map<String, List<AlarmCount>> alarmsOf = new HashMap<>();
        for (AlarmTally t : join(tallies)) {
            if (siteIds.contains(t.siteId())) {
                alarmsOf.computeIfAbsent(t.siteId(), k -> new ArrayList<>())
                        .add(new AlarmCount(t.rule(), t.level(), t.count(), t.ackSeconds(), t.disposeSeconds(), t.latest()));
            }
        }
        Map<String, List<HazardFact>> hazardsOf = join(hazards);
        Map<String, Set<LocalDate>> active = new HashMap<>();
        for (CompletableFuture<Map<String, Set<LocalDate>>> part : activeParts) {
            active.putAll(join(part));
        }
        Map<String, List<KeyPerson>> people = join(roster);
        Map<String, List<DeviceEvents.DutyEvent>> dutyEvents = join(onDuty);
        Map<String, List<LetterFacts.OverdueLetter>> lettersOf = join(overdue);
        List<ProjectFacts> out = new ArrayList<>(sites.size());
        for (Site s : sites) {
            SiteCalendar calendar = registry.calendar(s.siteId());
            List<LocalDate> working = workingDays(s, calendar, from, to);
            List<Device> devices = devicesOf.getOrDefault(s.siteId(), List.of());
            int deviceDays = 0;
            List<Monitoring> monitoring = new ArrayList<>();
            for (Device d : devices) {
                Set<LocalDate> days = active.getOrDefault(d.deviceId(), Set.of());
                deviceDays += days.size();
                if (offline != null && offline.deviceKinds().contains(d.kind())) {
                    int reported = 0;
                    for (LocalDate w : working) {
                        if (days.contains(w)) {
                            reported++;
                        }
                    }
                    monitoring.add(new Monitoring(d.deviceId(), d.kind(), working.size(), reported));
                }
            }
            List<DeviceEvents.DutyEvent> events = dutyEvents.getOrDefault(s.siteId(), List.of());
            List<Duty> dutyList = needDuties ? duties(s, calendar, working, from, people.getOrDefault(s.siteId(), List.of()), events) : List.of();
            RecorderCheck recorder = needRecorder ? recorder(s, calendar, working, devices, active, events) : RecorderCheck.NONE;
            List<Paper> papers = needPapers ? papers(s, devices, to) : List.of();
            ZoneId zone = ZoneId.of(s.timezone());
            List<LetterFact> letterList = new ArrayList<>();
            for (LetterFacts.OverdueLetter l : lettersOf.getOrDefault(s.siteId(), List.of())) {
                letterList.add(new LetterFact(l.letterId(), l.deadline().atZone(zone).toLocalDate().toString(),
                        l.answeredAt() != null && l.answeredAt().isBefore(to)));
            }
            out.add(new ProjectFacts(s.siteId(), s.name(), s.enterprise() == null ? null : s.enterprise().code(),
                    s.enterprise() == null ? null : s.enterprise().name(), s.region(), devices.size(), deviceDays,
                    alarmsOf.getOrDefault(s.siteId(), List.of()), hazardsOf.getOrDefault(s.siteId(), List.of()), monitoring, dutyList,
                    recorder, papers, letterList));
        }
        return out;
    }

    private static final AtomicInteger READ_THREADS = new AtomicInteger();
    /**
     * The threads the reads of {@link #facts} run on, named for thread dumps; idle ones end. At most
     * three at a time (a read submitted beyond them runs in the caller), so a ranking holds at most
     * four of the database pool's connections (8 by default) and leaves the rest to ingest and the API.
     */
    private static final ExecutorService READS = new ThreadPoolExecutor(0, 3, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "risk-read-" + READ_THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }, new ThreadPoolExecutor.CallerRunsPolicy());

    private static <T> CompletableFuture<T> read(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, READS);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** The read's result, or its own exception (an {@link IllegalStateException} from a port) as if called here. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static long capSeconds(RiskModel model, FactorKind kind) {
        Factor f = model.factor(kind);
        return Math.round((f == null ? 1440 : f.capMinutes()) * 60);
    }

    /** Key people of the sites: the whole roster in one read where the registry can, else site by site. */
    private Map<String, List<KeyPerson>> keyPeople(List<Site> sites) {
        try {
            return registryQueries.keyPersonnelOfAll();
        } catch (UnsupportedOperationException e) {
            Map<String, List<KeyPerson>> out = new HashMap<>();
            for (Site s : sites) {
                out.put(s.siteId(), registryQueries.keyPersonnel(s.siteId()));
            }
            return out;
        }
    }

    /** Clock-ins and safety logs of the sites in [from, to): one read where the store can, else site by site. */
    private Map<String, List<DeviceEvents.DutyEvent>> dutyEvents(List<Site> sites, Set<String> siteIds, Instant from, Instant to) {
        Map<String, List<DeviceEvents.DutyEvent>> out = new HashMap<>();
        try {
            for (DeviceEvents.DutyEvent e : events.dutyEvents(from, to)) {
                if (siteIds.contains(e.siteId())) {
                    out.computeIfAbsent(e.siteId(), k -> new ArrayList<>()).add(e);
                }
            }
        } catch (UnsupportedOperationException unsupported) {
            for (Site s : sites) {
                List<DeviceEvents.DutyEvent> list = new ArrayList<>();
                for (DeviceEvents.Event e : events.ofSite(s.siteId(), Set.of(CLOCK_IN, SAFETY_LOG), from, to)) {
                    list.add(new DeviceEvents.DutyEvent(s.siteId(), e.deviceId(), e.ts(), e.type(), text(e.data(), "officer_id"),
                            number(e.data(), "lat"), number(e.data(), "lon"), SAFETY_LOG.equals(e.type()) ? text(e.data(), "log_date") : null));
                }
                out.put(s.siteId(), list);
            }
        }
        return out;
    }

    /**
     * The recorder check of each working day: a registered recorder of the site reported telemetry
     * that day (the recorder was on, as 专职安全员 must wear one on duty), and the safety log of the
     * previous working day (within {@value #LOOK_BACK_DAYS} days, not before the site's start; none
     * is due on its first working day) had arrived by the end of the day (福建 task list 五.2: the
     * safety officer uploads it at clock-in).
     */
    static RecorderCheck recorder(Site s, SiteCalendar calendar, List<LocalDate> working, List<Device> devices,
                                  Map<String, Set<LocalDate>> active, List<DeviceEvents.DutyEvent> events) {
        if (calendar == null || working.isEmpty()) {
            return new RecorderCheck(0, List.of());
        }
        Set<LocalDate> recorderDays = new HashSet<>();
        for (Device d : devices) {
            if (RECORDER.equals(d.kind())) {
                recorderDays.addAll(active.getOrDefault(d.deviceId(), Set.of()));
            }
        }
        // log_date -> the first day (site time) a log for it arrived
        Map<String, LocalDate> logArrived = new HashMap<>();
        for (DeviceEvents.DutyEvent e : events) {
            if (SAFETY_LOG.equals(e.type()) && e.logDate() != null) {
                LocalDate at = e.ts().atZone(calendar.zone()).toLocalDate();
                logArrived.merge(e.logDate(), at, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        LocalDate start = date(s.startDate());
        List<RecorderMiss> misses = new ArrayList<>();
        for (LocalDate day : working) {
            LocalDate previous = previousWorkingDay(calendar, day, start);
            LocalDate arrived = previous == null ? null : logArrived.get(previous.toString());
            boolean noLog = previous != null && (arrived == null || arrived.isAfter(day));
            boolean noRecorder = !recorderDays.contains(day);
            if (noLog || noRecorder) {
                misses.add(new RecorderMiss(day.toString(), noRecorder, noLog));
            }
        }
        return new RecorderCheck(working.size(), misses);
    }

    /** The last working day before {@code day} within {@link #LOOK_BACK_DAYS}, not before the site's start; null if none. */
    static LocalDate previousWorkingDay(SiteCalendar calendar, LocalDate day, LocalDate siteStart) {
        for (int i = 1; i <= LOOK_BACK_DAYS; i++) {
            LocalDate d = day.minusDays(i);
            if (siteStart != null && d.isBefore(siteStart)) {
                return null;
            }
            if (calendar.isWorkingDay(d)) {
                return d;
            }
        }
        return null;
    }

    /**
     * The stated papers of the site's devices in service on the window's last day, each with the
     * days it is valid after that day. The registry keeps each paper's current validity only: a
     * paper renewed since is judged by its renewed date (the one limit on reproducing a past window).
     */
    static List<Paper> papers(Site s, List<Device> devices, Instant to) {
        LocalDate last = to.minusMillis(1).atZone(ZoneId.of(s.timezone())).toLocalDate();
        List<Paper> out = new ArrayList<>();
        for (Device d : devices) {
            DeviceService sv = d.service();
            if (sv == null || !inService(sv, last)) {
                continue;
            }
            paper(out, d, "registration", sv.registration() == null ? null : sv.registration().validTo(), last);
            paper(out, d, "inspection", sv.inspection() == null ? null : sv.inspection().validTo(), last);
            paper(out, d, "fall_arrester", sv.fallArrester() == null ? null : sv.fallArrester().validTo(), last);
        }
        return out;
    }

    private static boolean inService(DeviceService sv, LocalDate day) {
        try {
            return sv.inServiceOn(day);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static void paper(List<Paper> out, Device d, String paper, String validTo, LocalDate last) {
        LocalDate v = date(validTo);
        if (v != null) {
            out.add(new Paper(d.deviceId(), d.kind(), paper, v.toString(), ChronoUnit.DAYS.between(last, v)));
        }
    }

    /**
     * The site's working days in the window (its calendar: hours, holidays, marks), within its
     * construction period when one is registered.
     */
    static List<LocalDate> workingDays(Site s, SiteCalendar calendar, Instant from, Instant to) {
        if (calendar == null || !to.isAfter(from)) {
            return List.of();
        }
        LocalDate first = from.atZone(calendar.zone()).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(calendar.zone()).toLocalDate();
        LocalDate start = date(s.startDate());
        LocalDate end = date(s.endDate());
        if (start != null && start.isAfter(first)) {
            first = start;
        }
        if (end != null && end.isBefore(last)) {
            last = end;
        }
        return first.isAfter(last) ? List.of() : calendar.workingDays(first, last);
    }

    private List<Duty> duties(Site s, SiteCalendar calendar, List<LocalDate> working, Instant from, List<KeyPerson> people,
                              List<DeviceEvents.DutyEvent> events) {
        if (people.isEmpty() || calendar == null) {
            return List.of();
        }
        Set<LocalDate> workingSet = new HashSet<>(working);
        Map<String, Set<LocalDate>> present = new HashMap<>();
        GeoFence fence = s.location();
        for (DeviceEvents.DutyEvent e : events) {
            if (!CLOCK_IN.equals(e.type()) || e.ts().isBefore(from)) {
                continue;
            }
            String person = e.officerId();
            LocalDate day = e.ts().atZone(calendar.zone()).toLocalDate();
            boolean inside = fence == null || (e.lat() != null && e.lon() != null && fence.contains(e.lat(), e.lon()));
            if (person != null && inside && workingSet.contains(day)) {
                present.computeIfAbsent(person, k -> new HashSet<>()).add(day);
            }
        }
        List<KeyPerson> sorted = new ArrayList<>(people);
        sorted.sort((x, y) -> x.personId().compareTo(y.personId()));
        List<Duty> out = new ArrayList<>();
        for (KeyPerson p : sorted) {
            duties.rule(p.role()).ifPresent(rule -> out.add(new Duty(p.personId(), p.role(), working.size(),
                    present.getOrDefault(p.personId(), Set.of()).size(), rule.required())));
        }
        return out;
    }

    /**
     * Major hazards open at {@code to} (reported before it, not closed by then), each overdue when
     * its deadline had passed without a rectification by then.
     */
    Map<String, List<HazardFact>> majorHazards(Instant to, Set<String> siteIds) {
        Map<String, List<HazardFact>> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, site_id, deadline_ts < ? AND (rectified_ts IS NULL OR rectified_ts > ?)
                FROM hazard WHERE level = 'major' AND reported_ts < ? AND (closed_ts IS NULL OR closed_ts > ?)
                ORDER BY site_id, id""")) {
            Timestamp t = Timestamp.from(to);
            for (int i = 1; i <= 4; i++) {
                ps.setTimestamp(i, t);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (siteIds.contains(rs.getString(2))) {
                        out.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new HazardFact(rs.getString(1), rs.getBoolean(3)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("hazard query failed: " + e.getMessage(), e);
        }
    }

    /** Every id behind one factor of a project, the most telling first (the inline evidence is its head). */
    public List<Evidence> evidence(RiskModel model, String factorId, Site site, Instant from, Instant to) {
        Factor f = model.factor(factorId);
        List<Evidence> out = new ArrayList<>();
        switch (f.kind()) {
            case ALARMS, ACK_MINUTES, DISPOSE_MINUTES -> {
                long cap = capSeconds(model, f.kind() == FactorKind.DISPOSE_MINUTES ? FactorKind.DISPOSE_MINUTES : FactorKind.ACK_MINUTES);
                for (AlarmQueries.SiteAlarm a : alarms.ofSiteIn(site.siteId(), from, to)) {
                    if (f.kind() == FactorKind.ALARMS && f.alarmWeight(a.rule(), a.level()) > 0) {
                        out.add(new Evidence("alarm", a.alarmId(), a.rule(), a.level(), a.deviceId(), f.alarmWeight(a.rule(), a.level()),
                                a.start().toEpochMilli(), null));
                    } else if (f.kind() != FactorKind.ALARMS && RiskEvaluator.handled(a.rule(), a.level())) {
                        Instant done = f.kind() == FactorKind.ACK_MINUTES ? a.ack() : a.disposed();
                        Instant until = done == null || done.isAfter(to) ? to : done;
                        double minutes = Math.min(cap, Math.max(0, until.getEpochSecond() - a.start().getEpochSecond())) / 60.0;
                        out.add(new Evidence("alarm", a.alarmId(), a.rule(), a.level(), a.deviceId(), minutes, a.start().toEpochMilli(), null));
                    }
                }
                out.sort((x, y) -> x.measure() != y.measure() ? Double.compare(y.measure(), x.measure())
                        : x.at() != y.at() ? Long.compare(y.at(), x.at()) : x.id().compareTo(y.id()));
            }
            case MAJOR_HAZARDS -> majorHazards(to, Set.of(site.siteId())).getOrDefault(site.siteId(), List.of()).stream()
                    .sorted((x, y) -> x.overdue() != y.overdue() ? (x.overdue() ? -1 : 1) : x.hazardId().compareTo(y.hazardId()))
                    .forEach(h -> out.add(new Evidence("hazard", h.hazardId(), h.overdue() ? "overdue" : "open", "major", null,
                            h.overdue() ? f.overdueFactor() : 1, 0, null)));
            case OFFLINE, ATTENDANCE, RECORDER, PAPERS, LETTERS -> {
                ProjectFacts p = facts(model, from, to, site.region()::equals).stream()
                        .filter(x -> x.projectId().equals(site.siteId())).findFirst().orElseThrow();
                switch (f.kind()) {
                    case OFFLINE -> p.monitoring().stream().filter(m -> f.deviceKinds().contains(m.kind()) && m.reportedDays() < m.workingDays())
                            .sorted((x, y) -> x.reportedDays() - x.workingDays() != y.reportedDays() - y.workingDays()
                                    ? Integer.compare(x.reportedDays() - x.workingDays(), y.reportedDays() - y.workingDays())
                                    : x.deviceId().compareTo(y.deviceId()))
                            .forEach(m -> out.add(new Evidence("device", m.deviceId(), m.kind(), null, m.deviceId(),
                                    m.workingDays() - m.reportedDays(), 0, null)));
                    case ATTENDANCE -> p.duties().stream().filter(d -> RiskEvaluator.shortfall(d) > 0)
                            .sorted((x, y) -> Double.compare(RiskEvaluator.shortfall(y), RiskEvaluator.shortfall(x)))
                            .forEach(d -> out.add(new Evidence("person", d.personId(), d.role(), null, null,
                                    Math.round(RiskEvaluator.shortfall(d) * 10_000.0) / 10_000.0, 0, null)));
                    case RECORDER -> p.recorder().misses().stream()
                            .sorted((x, y) -> (x.noRecorder() && x.noLog()) != (y.noRecorder() && y.noLog())
                                    ? (x.noRecorder() && x.noLog() ? -1 : 1) : x.day().compareTo(y.day()))
                            .forEach(m -> out.add(new Evidence("day", m.day(),
                                    m.noRecorder() && m.noLog() ? "no_recorder,no_log" : m.noRecorder() ? "no_recorder" : "no_log",
                                    null, null, 1, 0, m.day())));
                    case PAPERS -> p.papers().stream().filter(x -> f.deviceKinds().contains(x.kind()) && RiskEvaluator.paperWeight(f, x) > 0)
                            .sorted((x, y) -> x.daysLeft() != y.daysLeft() ? Long.compare(x.daysLeft(), y.daysLeft())
                                    : x.deviceId().compareTo(y.deviceId()) != 0 ? x.deviceId().compareTo(y.deviceId()) : x.paper().compareTo(y.paper()))
                            .forEach(x -> out.add(new Evidence("device", x.deviceId(), x.paper(), x.daysLeft() < 0 ? "expired" : "expiring",
                                    x.deviceId(), RiskEvaluator.paperWeight(f, x), 0, x.validTo())));
                    default -> p.letters().stream()
                            .sorted((x, y) -> x.answered() != y.answered() ? (x.answered() ? 1 : -1)
                                    : x.deadline().compareTo(y.deadline()) != 0 ? x.deadline().compareTo(y.deadline()) : x.letterId().compareTo(y.letterId()))
                            .forEach(l -> out.add(new Evidence("letter", l.letterId(), null, l.answered() ? "answered_late" : "unanswered", null,
                                    l.answered() ? 1 : f.overdueFactor(), 0, l.deadline())));
                }
            }
            default -> throw new IllegalStateException(factorId);
        }
        return out;
    }

    /**
     * One piece of evidence: {@code kind} alarm, hazard, device, person, day or letter; {@code
     * measure} what it weighs in its factor (an alarm's weight or minutes to acknowledge or to
     * dispose, a hazard's count, a device's missing working days or a paper's weight, a person's
     * shortfall, a failed recorder day's 1, a letter's count); {@code at} an alarm's start (ms);
     * {@code date} the day it concerns (a recorder day, a paper's last valid day, a letter's
     * deadline), else null. For a recorder day {@code rule} says what failed ({@code no_recorder},
     * {@code no_log}); for a paper which one ({@code registration}, {@code inspection}, {@code
     * fall_arrester}) and {@code level} whether {@code expired} or {@code expiring}.
     */
    public record Evidence(String kind, String id, String rule, String level, String deviceId, double measure, long at, String date) {
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Double number(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }
}
