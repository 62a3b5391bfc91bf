package io.sitewatch.registry;

import static io.sitewatch.registry.Entries.date;
import static io.sitewatch.registry.Entries.require;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.fleet.FleetFile;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.InvalidEntryException;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.WireProtocol;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry operations: validate, write through to the database, keep the cache current. Blocking
 * (JDBC): call from a worker thread.
 */
public final class RegistryService {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);
    private static final Set<String> SITE_KINDS = Set.of("building", "municipal");
    /** Who marked a date the fleet file's import marked. */
    static final String FLEET_FILE = "fleet file";

    private final RegistryStore store;
    private final RegistryCache cache;
    private final WireProtocol protocol;

    public RegistryService(RegistryStore store, RegistryCache cache, WireProtocol protocol) {
        this.store = store;
        this.cache = cache;
        this.protocol = protocol;
    }

    public RegistryCache cache() {
        return cache;
    }

    public void loadAll() throws SQLException {
        store.sites(null).forEach(cache::put);
        store.devices(null).forEach(cache::put);
        store.operators(null).forEach(cache::put);
        Map<String, Map<LocalDate, CalendarMark>> marks = store.marks(null);
        for (Site s : cache.sites()) {
            cache.putMarks(s.siteId(), marks.getOrDefault(s.siteId(), Map.of()));
        }
        LOG.info("registry loaded: {} sites, {} devices", cache.sites().size(), cache.devices().size());
    }

    public Site putSite(Site s) throws SQLException, InvalidEntryException {
        require(Topic.isValidId(s.siteId()), "siteId must be 1-64 characters of A-Z a-z 0-9 _ -");
        require(s.name() != null && !s.name().isBlank(), "name is required");
        require(s.region() != null && s.region().matches("\\d{6}"), "region must be a 6-digit 行政区划 code");
        require(s.kind() != null && SITE_KINDS.contains(s.kind()), "kind must be building or municipal");
        try {
            ZoneId.of(s.timezone());
        } catch (DateTimeException e) {
            throw new InvalidEntryException("timezone is not a known time zone: " + s.timezone());
        }
        require(s.costCny() == null || s.costCny().signum() >= 0, "costCny must not be negative");
        LocalDate start = date(s.startDate(), "startDate");
        LocalDate end = date(s.endDate(), "endDate");
        require(start == null || end == null || !end.isBefore(start), "endDate is before startDate");
        require(s.params().isObject(), "params must be an object");
        require(!s.workingHours().days().isEmpty(), "workingHours.days must list the ISO weekdays worked (1 = Monday … 7 = Sunday)");
        store.upsertSite(s);
        cache.put(s);
        return s;
    }

    public Device putDevice(Device d) throws SQLException, InvalidEntryException {
        require(Topic.isValidId(d.deviceId()), "deviceId must be 1-64 characters of A-Z a-z 0-9 _ -");
        require(d.siteId() != null && cache.site(d.siteId()) != null, "siteId " + d.siteId() + " is not registered");
        require(d.kind() != null && protocol.isKind(d.kind()), "kind must be one of " + protocol.kindNames());
        require(d.periodS() > 0, "periodS must be a positive number of seconds");
        require(d.params().isObject(), "params must be an object");
        service(d);
        store.upsertDevice(d);
        cache.put(d);
        return d;
    }

    public OperatorCert putOperator(OperatorCert o) throws SQLException, InvalidEntryException {
        require(o.certNo() != null && !o.certNo().isBlank() && o.certNo().length() <= 64, "certNo is required (at most 64 characters)");
        require(o.name() != null && !o.name().isBlank(), "name is required");
        require(o.kind() != null && !o.kind().isBlank(), "kind is required, e.g. tower_crane_driver");
        LocalDate from = date(o.validFrom(), "validFrom");
        LocalDate to = date(o.validTo(), "validTo");
        require(from == null || to == null || !to.isBefore(from), "validTo is before validFrom");
        store.upsertOperator(o);
        cache.put(o);
        return o;
    }

    /** Checks a device's service fields, naming the one that is wrong. */
    private static void service(Device d) throws InvalidEntryException {
        DeviceService v = d.service();
        LocalDate installed = date(v.installDate(), "installDate");
        LocalDate removed = date(v.removeDate(), "removeDate");
        require(installed == null || removed == null || !removed.isBefore(installed),
                "removeDate (" + removed + ") is before installDate (" + installed + ")");
        require(DeviceService.SCHEDULES.contains(v.schedule()), "schedule must be continuous or working_hours, got " + v.schedule());
        if (v.registration() != null) {
            String no = v.registration().no();
            require(no != null && !no.isBlank() && no.length() <= 64, "registration.no is required (the 使用登记 number, at most 64 characters)");
            date(v.registration().validTo(), "registration.validTo");
        }
        if (v.inspection() != null) {
            require(v.inspection().validTo() != null, "inspection.validTo is required (YYYY-MM-DD)");
            date(v.inspection().validTo(), "inspection.validTo");
        }
        if (v.fallArrester() != null) {
            require("hoist".equals(d.kind()), "fallArrester is for hoists only (防坠安全器), not for kind " + d.kind());
            require(v.fallArrester().validTo() != null, "fallArrester.validTo is required (YYYY-MM-DD)");
            date(v.fallArrester().validTo(), "fallArrester.validTo");
        }
    }

    /**
     * Marks a date on a site's calendar (replacing the mark on that date) and rebuilds the site's
     * calendar in the cache; other instances follow by notice.
     *
     * @param replaceRegulators whether a regulator's mark on that date may be replaced
     * @return false when a regulator's mark is on that date and was left in place
     */
    public boolean putMark(String siteId, CalendarMark mark, String markedBy, boolean replaceRegulators)
            throws SQLException, InvalidEntryException {
        require(cache.site(siteId) != null, "siteId " + siteId + " is not registered");
        boolean stored = store.upsertMark(siteId, mark, markedBy, replaceRegulators);
        reloadMarks(siteId);
        return stored;
    }

    /** Removes the mark on a date (a regulator's only when {@code regulatorsToo}). */
    public RegistryStore.Removal removeMark(String siteId, LocalDate day, boolean regulatorsToo) throws SQLException {
        RegistryStore.Removal r = store.deleteMark(siteId, day, regulatorsToo);
        reloadMarks(siteId);
        return r;
    }

    private void reloadMarks(String siteId) throws SQLException {
        cache.putMarks(siteId, store.marks(siteId).getOrDefault(siteId, Map.of()));
    }

    /** Registers or replaces one of a site's key people. */
    public KeyPerson putPerson(KeyPerson p) throws SQLException, InvalidEntryException {
        require(cache.site(p.siteId()) != null, "siteId " + p.siteId() + " is not registered");
        require(p.personId() != null && !p.personId().isBlank() && p.personId().length() <= 64
                        && p.personId().equals(p.personId().strip()) && p.personId().codePoints().noneMatch(Character::isISOControl),
                "personId must be 1-64 characters without control characters or surrounding spaces (the recorder's officer_id)");
        require(p.name() != null && !p.name().isBlank() && p.name().length() <= 100, "name is required (at most 100 characters)");
        require(p.role() != null && DutyRules.bundled().rule(p.role()).isPresent(),
                "role must be one of " + String.join(", ", DutyRules.bundled().all().keySet()) + ", got " + p.role());
        require(p.certNo() == null || p.certNo().length() <= 64, "certNo is longer than 64 characters");
        store.upsertPerson(p);
        return p;
    }

    /** The site's key people by person id. */
    public List<KeyPerson> personnel(String siteId) throws SQLException {
        return store.personnel(siteId, null);
    }

    public Optional<KeyPerson> person(String siteId, String personId) throws SQLException {
        return store.personnel(siteId, personId).stream().findFirst();
    }

    public boolean removePerson(String siteId, String personId) throws SQLException {
        return store.deletePerson(siteId, personId);
    }

    /**
     * Imports a fleet file: sites first, then devices and operators, then each site's calendar
     * marks (the file's mark on a date replaces the one stored there, a regulator's included: the
     * file is the admin's) and key personnel. Marks and people the file does not name stay.
     */
    public void importFleet(FleetFile.Fleet fleet) throws SQLException, InvalidEntryException {
        for (Site s : fleet.sites()) {
            putSite(s);
        }
        for (Device d : fleet.devices()) {
            putDevice(d);
        }
        for (OperatorCert o : fleet.operators()) {
            putOperator(o);
        }
        int marks = 0;
        int people = 0;
        for (FleetFile.SiteEntry e : fleet.entries()) {
            String siteId = e.site().siteId();
            for (CalendarMark m : e.calendar()) {
                putMark(siteId, m, FLEET_FILE, true);
                marks++;
            }
            for (KeyPerson p : e.personnel()) {
                putPerson(p);
                people++;
            }
        }
        LOG.info("fleet imported: {} sites, {} devices, {} operator certificates, {} calendar marks, {} key people",
                fleet.sites().size(), fleet.devices().size(), fleet.operators().size(), marks, people);
    }

    /** Applies a change notice {@code table:key} from another instance (or this one). */
    public void refresh(String notice) throws SQLException {
        int colon = notice.indexOf(':');
        if (colon < 0) {
            return;
        }
        String table = notice.substring(0, colon);
        String key = notice.substring(colon + 1);
        switch (table) {
            case "site" -> store.sites(key).stream().findFirst().ifPresentOrElse(cache::put, () -> cache.removeSite(key));
            case "device" -> store.devices(key).stream().findFirst().ifPresentOrElse(cache::put, () -> cache.removeDevice(key));
            case "operator_cert" -> store.operators(key).stream().findFirst().ifPresentOrElse(cache::put, () -> cache.removeOperator(key));
            case "site_calendar_mark" -> reloadMarks(key);
            default -> LOG.debug("ignoring registry notice {}", notice);
        }
    }
}
