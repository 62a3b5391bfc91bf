package io.sitewatch.core.fleet;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The reader of the fleet file (YAML, docs/fleet-file.md): {@code sites} with their
 * {@code devices}, their calendar marks and key personnel, and {@code operators}, as the
 * registry's records; each site and device keeps its simulator-only {@code sim} block, and so does
 * the file itself. Keys it does not know are ignored. Both readers of the format use it: the
 * service imports what {@link #read} gives (its registry checks every entry), the simulator takes
 * {@link #readChecked}, which refuses an entry that breaks the format and names it.
 */
public final class FleetFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern REGION = Pattern.compile("\\d{6}");

    /** A device as the file has it: the registry's record and its {@code sim} block (missing when absent). */
    public record DeviceEntry(Device device, JsonNode sim) {
    }

    /**
     * A site as the file has it: the registry's record, its devices, the dates marked on its
     * calendar (a typhoon stop, a night-work permit; {@code source} {@code site} unless the file says
     * {@code regulator}), its key personnel and its {@code sim} block.
     */
    public record SiteEntry(Site site, List<DeviceEntry> devices, List<CalendarMark> calendar, List<KeyPerson> personnel,
                            JsonNode sim) {

        public SiteEntry {
            devices = List.copyOf(devices);
            calendar = List.copyOf(calendar);
            personnel = List.copyOf(personnel);
        }

        /** A site without calendar marks or personnel. */
        public SiteEntry(Site site, List<DeviceEntry> devices, JsonNode sim) {
            this(site, devices, List.of(), List.of(), sim);
        }
    }

    /** What a fleet file holds, in the file's order, and the file's own {@code sim} block (missing when absent). */
    public record Fleet(List<SiteEntry> entries, List<OperatorCert> operators, JsonNode sim) {

        public Fleet(List<SiteEntry> entries, List<OperatorCert> operators) {
            this(entries, operators, MissingNode.getInstance());
        }

        public List<Site> sites() {
            return entries.stream().map(SiteEntry::site).toList();
        }

        public List<Device> devices() {
            return entries.stream().flatMap(s -> s.devices().stream()).map(DeviceEntry::device).toList();
        }
    }

    private FleetFile() {
    }

    public static Fleet read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads what the file says; a value that is missing or null is null in the records. */
    public static Fleet read(InputStream in) throws IOException {
        return entries(YAML.readTree(in), "fleet file");
    }

    /** Reads the file and checks it against the format; a {@link FleetFileException} names the first bad entry. */
    public static Fleet readChecked(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readChecked(in, file.toString());
        } catch (IOException e) {
            throw new FleetFileException("cannot read fleet file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Like {@link #readChecked(Path)}; {@code origin} names the source in messages. */
    public static Fleet readChecked(InputStream in, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new FleetFileException("cannot read " + origin + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FleetFileException(origin + ": expected a map with 'sites' and 'operators'");
        }
        Fleet fleet = entries(root, origin);
        check(fleet, origin);
        return fleet;
    }

    private static Fleet entries(JsonNode root, String origin) {
        List<SiteEntry> sites = new ArrayList<>();
        List<OperatorCert> operators = new ArrayList<>();
        if (root == null) {
            return new Fleet(sites, operators);
        }
        for (JsonNode s : root.path("sites")) {
            String siteId = text(s, "siteId");
            String where = origin + " site " + orUnknown(siteId);
            JsonNode e = s.path("enterprise");
            Site site = new Site(siteId, text(s, "name"), text(s, "region"),
                    e.isObject() ? new Enterprise(text(e, "code"), text(e, "name")) : null,
                    text(s, "kind"), text(s, "timezone"), cost(s, where),
                    text(s, "startDate"), text(s, "endDate"), s.hasNonNull("params") ? s.get("params") : null,
                    location(s.get("location"), where), workingHours(s.get("workingHours"), where));
            List<DeviceEntry> devices = new ArrayList<>();
            for (JsonNode d : s.path("devices")) {
                devices.add(new DeviceEntry(new Device(text(d, "deviceId"), siteId, text(d, "kind"), text(d, "name"),
                        periodS(d.path("periodS")), d.hasNonNull("params") ? d.get("params") : null, service(d)), sim(d)));
            }
            List<CalendarMark> marks = new ArrayList<>();
            for (JsonNode m : s.path("calendar")) {
                marks.add(mark(m, where));
            }
            List<KeyPerson> people = new ArrayList<>();
            for (JsonNode p : s.path("personnel")) {
                people.add(new KeyPerson(siteId, text(p, "personId"), text(p, "name"), text(p, "role"), text(p, "certNo")));
            }
            sites.add(new SiteEntry(site, devices, marks, people, sim(s)));
        }
        for (JsonNode o : root.path("operators")) {
            operators.add(new OperatorCert(text(o, "certNo"), text(o, "name"), text(o, "kind"),
                    text(o, "validFrom"), text(o, "validTo")));
        }
        return new Fleet(List.copyOf(sites), List.copyOf(operators), sim(root));
    }

    /** The site's fence, or null when the file gives none; three numbers, or a refusal naming the site. */
    private static GeoFence location(JsonNode l, String where) {
        if (l == null || l.isNull()) {
            return null;
        }
        if (!l.path("lat").isNumber() || !l.path("lon").isNumber() || !l.path("radiusM").isNumber()) {
            throw new FleetFileException(where + ": location needs lat, lon (WGS-84 degrees) and radiusM (metres), got " + l);
        }
        try {
            return new GeoFence(l.get("lat").asDouble(), l.get("lon").asDouble(), l.get("radiusM").asDouble());
        } catch (IllegalArgumentException ex) {
            throw new FleetFileException(where + ": location " + ex.getMessage());
        }
    }

    /** The site's working hours, or null (the default) when the file gives none. */
    private static WorkingHours workingHours(JsonNode h, String where) {
        if (h == null || h.isNull()) {
            return null;
        }
        List<Integer> days = null;
        if (h.get("days") != null && h.get("days").isArray()) {
            days = new ArrayList<>();
            for (JsonNode d : h.get("days")) {
                days.add(d.isInt() ? d.asInt() : -1);
            }
        }
        try {
            return WorkingHours.of(text(h, "from"), text(h, "to"), days);
        } catch (IllegalArgumentException ex) {
            throw new FleetFileException(where + ": workingHours " + ex.getMessage());
        }
    }

    /** A device's service as the file states it; the kind's schedule where none is given. */
    private static DeviceService service(JsonNode d) {
        JsonNode r = d.get("registration");
        return new DeviceService(text(d, "installDate"), text(d, "removeDate"), text(d, "schedule"),
                r == null || !r.isObject() ? null : new DeviceService.Registration(text(r, "no"), text(r, "validTo")),
                validity(d.get("inspection")), validity(d.get("fallArrester")));
    }

    /**
     * The report period as written: a whole number of seconds (or its text). Anything else, a
     * fraction or a number beyond an int, is 0, which the checks refuse, instead of a truncated
     * or wrapped-around period (4294967306 was read as 10).
     */
    private static int periodS(JsonNode p) {
        if (p.isTextual()) {
            try {
                return Integer.parseInt(p.asText().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return p.isIntegralNumber() && p.canConvertToInt() ? p.intValue() : 0;
    }

    private static DeviceService.Validity validity(JsonNode v) {
        return v == null || !v.isObject() ? null : new DeviceService.Validity(text(v, "validTo"));
    }

    /** One date of the site's calendar: {@code {date, working, reason, note, extraHours: {from, to, permit}, source}}. */
    private static CalendarMark mark(JsonNode m, String where) {
        String date = text(m, "date");
        String at = where + " calendar " + (date == null ? "?" : date);
        if (date == null) {
            throw new FleetFileException(where + ": a calendar entry without date");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeException ex) {
            throw new FleetFileException(at + ": date must be YYYY-MM-DD");
        }
        if (!m.path("working").isBoolean()) {
            throw new FleetFileException(at + ": working must be true or false");
        }
        boolean working = m.get("working").asBoolean();
        JsonNode x = m.get("extraHours");
        try {
            CalendarMark.ExtraHours extra = null;
            if (x != null && !x.isNull()) {
                if (!working) {
                    throw new FleetFileException(at + ": extraHours needs a working day (working: true)");
                }
                extra = CalendarMark.ExtraHours.of(text(x, "from"), text(x, "to"), text(x, "permit"));
            }
            String source = m.hasNonNull("source") ? text(m, "source") : "site";
            return new CalendarMark(day, working, text(m, "reason"), text(m, "note"), extra, source);
        } catch (IllegalArgumentException ex) {
            throw new FleetFileException(at + ": " + ex.getMessage());
        }
    }

    /** The format's rules, each entry in the file's order, all device ids once. */
    private static void check(Fleet fleet, String origin) {
        Set<String> kinds = WireProtocol.v1().kindNames();
        Set<String> deviceIds = new HashSet<>();
        for (SiteEntry entry : fleet.entries()) {
            Site s = entry.site();
            String where = origin + " site " + orUnknown(s.siteId());
            id(s.siteId(), "siteId", where);
            String region = required(s.region(), "region", where);
            if (!REGION.matcher(region).matches()) {
                throw new FleetFileException(where + ": region must be a 6-digit 行政区划 code, got " + region);
            }
            try {
                ZoneId.of(s.timezone());
            } catch (DateTimeException e) {
                throw new FleetFileException(where + ": bad timezone " + s.timezone());
            }
            for (DeviceEntry de : entry.devices()) {
                Device d = de.device();
                String at = where + " device " + orUnknown(d.deviceId());
                String kind = required(d.kind(), "kind", at);
                if (!kinds.contains(kind)) {
                    throw new FleetFileException(at + ": unknown kind " + kind + ", expected one of " + kinds);
                }
                if (d.periodS() <= 0) {
                    throw new FleetFileException(at + ": periodS must be a positive number of seconds");
                }
                id(d.deviceId(), "deviceId", at);
            }
            optionalDate(s.startDate(), "startDate", where);
            optionalDate(s.endDate(), "endDate", where);
            if (s.workingHours().days().isEmpty()) {
                throw new FleetFileException(where + ": workingHours.days must list the ISO weekdays worked (1 = Monday … 7 = Sunday)");
            }
            for (DeviceEntry de : entry.devices()) {
                if (!deviceIds.add(de.device().deviceId())) {
                    throw new FleetFileException(origin + ": device " + de.device().deviceId() + " appears twice");
                }
                service(de.device(), where + " device " + de.device().deviceId());
            }
            Set<LocalDate> marked = new TreeSet<>();
            for (CalendarMark m : entry.calendar()) {
                if (!marked.add(m.date())) {
                    throw new FleetFileException(where + ": calendar date " + m.date() + " appears twice");
                }
            }
            Set<String> people = new HashSet<>();
            for (KeyPerson p : entry.personnel()) {
                String at = where + " person " + orUnknown(p.personId());
                String id = required(p.personId(), "personId", at);
                if (id.length() > 64 || !id.equals(id.strip()) || id.codePoints().anyMatch(Character::isISOControl)) {
                    throw new FleetFileException(at + ": personId must be 1-64 characters without control characters or surrounding spaces");
                }
                if (!people.add(id)) {
                    throw new FleetFileException(where + ": person " + id + " appears twice");
                }
                required(p.name(), "name", at);
                String role = required(p.role(), "role", at);
                if (DutyRules.bundled().rule(role).isEmpty()) {
                    throw new FleetFileException(at + ": role must be one of " + DutyRules.bundled().all().keySet() + ", got " + role);
                }
            }
        }
        for (OperatorCert o : fleet.operators()) {
            String where = origin + " operator " + orUnknown(o.certNo());
            required(o.certNo(), "certNo", where);
            required(o.name(), "name", where);
            required(o.kind(), "kind", where);
            date(o.validFrom(), "validFrom", where);
            date(o.validTo(), "validTo", where);
        }
    }

    /** A device's service fields: dates, a known schedule, papers with what they need. */
    private static void service(Device d, String at) {
        DeviceService v = d.service();
        optionalDate(v.installDate(), "installDate", at);
        optionalDate(v.removeDate(), "removeDate", at);
        if (v.installDate() != null && v.removeDate() != null
                && LocalDate.parse(v.removeDate()).isBefore(LocalDate.parse(v.installDate()))) {
            throw new FleetFileException(at + ": removeDate " + v.removeDate() + " is before installDate " + v.installDate());
        }
        if (!DeviceService.SCHEDULES.contains(v.schedule())) {
            throw new FleetFileException(at + ": schedule must be continuous or working_hours, got " + v.schedule());
        }
        if (v.registration() != null) {
            required(v.registration().no(), "registration.no", at);
            optionalDate(v.registration().validTo(), "registration.validTo", at);
        }
        if (v.inspection() != null) {
            date(v.inspection().validTo(), "inspection.validTo", at);
        }
        if (v.fallArrester() != null) {
            if (!"hoist".equals(d.kind())) {
                throw new FleetFileException(at + ": fallArrester is for hoists only (防坠安全器), not for kind " + d.kind());
            }
            date(v.fallArrester().validTo(), "fallArrester.validTo", at);
        }
    }

    private static void id(String value, String key, String where) {
        required(value, key, where);
        if (!Topic.isValidId(value)) {
            throw new FleetFileException(where + ": " + key + " must be 1-64 of [A-Za-z0-9_-], got '" + value + "'");
        }
    }

    private static String required(String value, String key, String where) {
        if (value == null || value.isBlank()) {
            throw new FleetFileException(where + ": missing " + key);
        }
        return value;
    }

    private static void date(String value, String key, String where) {
        required(value, key, where);
        optionalDate(value, key, where);
    }

    private static void optionalDate(String value, String key, String where) {
        if (value == null) {
            return;
        }
        try {
            LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw new FleetFileException(where + ": " + key + " must be YYYY-MM-DD, got " + value);
        }
    }

    private static BigDecimal cost(JsonNode site, String where) {
        if (!site.hasNonNull("costCny")) {
            return null;
        }
        try {
            return new BigDecimal(site.get("costCny").asText());
        } catch (NumberFormatException e) {
            throw new FleetFileException(where + ": costCny must be a number, got " + site.get("costCny").asText());
        }
    }

    private static JsonNode sim(JsonNode node) {
        JsonNode sim = node.get("sim");
        return sim == null ? MissingNode.getInstance() : sim;
    }

    private static String orUnknown(String id) {
        return id == null ? "?" : id;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
