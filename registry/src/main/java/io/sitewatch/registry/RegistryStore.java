package io.sitewatch.registry;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Registry tables, read and written with plain JDBC. Blocking: call from a worker thread. */
public final class RegistryStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_COLUMNS =
            "site_id, name, region, enterprise_code, enterprise_name, kind, timezone, cost_cny, start_date, end_date, params, "
                    + "location_lat, location_lon, location_radius_m, work_from_min, work_to_min, work_days";
    private static final String DEVICE_COLUMNS = "device_id, site_id, kind, name, period_s, params, install_date, remove_date, "
            + "schedule, registration_no, registration_valid_to, inspection_valid_to, fall_arrester_valid_to";
    private static final String OPERATOR_COLUMNS = "cert_no, name, kind, valid_from, valid_to";
    private static final String MARK_COLUMNS = "site_id, day, working, reason, note, extra_from_min, extra_to_min, extra_permit, source";
    private static final String PERSON_COLUMNS = "site_id, person_id, name, role, cert_no";

    private final DataSource ds;

    public RegistryStore(DataSource ds) {
        this.ds = ds;
    }

    public void upsertSite(Site s) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO site (" + SITE_COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?,?,?, now()) "
                        + "ON CONFLICT (site_id) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region, "
                        + "enterprise_code = EXCLUDED.enterprise_code, enterprise_name = EXCLUDED.enterprise_name, "
                        + "kind = EXCLUDED.kind, timezone = EXCLUDED.timezone, cost_cny = EXCLUDED.cost_cny, "
                        + "start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, params = EXCLUDED.params, "
                        + "location_lat = EXCLUDED.location_lat, location_lon = EXCLUDED.location_lon, "
                        + "location_radius_m = EXCLUDED.location_radius_m, work_from_min = EXCLUDED.work_from_min, "
                        + "work_to_min = EXCLUDED.work_to_min, work_days = EXCLUDED.work_days, updated_at = now()")) {
            ps.setString(1, s.siteId());
            ps.setString(2, s.name());
            ps.setString(3, s.region());
            ps.setString(4, s.enterprise() == null ? null : s.enterprise().code());
            ps.setString(5, s.enterprise() == null ? null : s.enterprise().name());
            ps.setString(6, s.kind());
            ps.setString(7, s.timezone());
            ps.setBigDecimal(8, s.costCny());
            setDate(ps, 9, s.startDate());
            setDate(ps, 10, s.endDate());
            ps.setString(11, s.params().toString());
            GeoFence l = s.location();
            ps.setObject(12, l == null ? null : l.lat(), Types.DOUBLE);
            ps.setObject(13, l == null ? null : l.lon(), Types.DOUBLE);
            ps.setObject(14, l == null ? null : l.radiusM(), Types.DOUBLE);
            ps.setInt(15, s.workingHours().fromMinute());
            ps.setInt(16, s.workingHours().toMinute());
            ps.setArray(17, c.createArrayOf("int2", s.workingHours().isoDays().toArray()));
            ps.executeUpdate();
        }
    }

    public void upsertDevice(Device d) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device (" + DEVICE_COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?, now()) "
                        + "ON CONFLICT (device_id) DO UPDATE SET site_id = EXCLUDED.site_id, kind = EXCLUDED.kind, "
                        + "name = EXCLUDED.name, period_s = EXCLUDED.period_s, params = EXCLUDED.params, "
                        + "install_date = EXCLUDED.install_date, remove_date = EXCLUDED.remove_date, schedule = EXCLUDED.schedule, "
                        + "registration_no = EXCLUDED.registration_no, registration_valid_to = EXCLUDED.registration_valid_to, "
                        + "inspection_valid_to = EXCLUDED.inspection_valid_to, "
                        + "fall_arrester_valid_to = EXCLUDED.fall_arrester_valid_to, updated_at = now()")) {
            ps.setString(1, d.deviceId());
            ps.setString(2, d.siteId());
            ps.setString(3, d.kind());
            ps.setString(4, d.name());
            ps.setInt(5, d.periodS());
            ps.setString(6, d.params().toString());
            DeviceService v = d.service();
            setDate(ps, 7, v.installDate());
            setDate(ps, 8, v.removeDate());
            ps.setString(9, v.schedule());
            ps.setString(10, v.registration() == null ? null : v.registration().no());
            setDate(ps, 11, v.registration() == null ? null : v.registration().validTo());
            setDate(ps, 12, v.inspection() == null ? null : v.inspection().validTo());
            setDate(ps, 13, v.fallArrester() == null ? null : v.fallArrester().validTo());
            ps.executeUpdate();
        }
    }

    public void upsertOperator(OperatorCert o) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO operator_cert (" + OPERATOR_COLUMNS + ", updated_at) VALUES (?,?,?,?,?, now()) "
                        + "ON CONFLICT (cert_no) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, "
                        + "valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, updated_at = now()")) {
            ps.setString(1, o.certNo());
            ps.setString(2, o.name());
            ps.setString(3, o.kind());
            setDate(ps, 4, o.validFrom());
            setDate(ps, 5, o.validTo());
            ps.executeUpdate();
        }
    }

    public List<Site> sites(String whereKey) throws SQLException {
        List<Site> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + SITE_COLUMNS + " FROM site" + (whereKey == null ? "" : " WHERE site_id = ?") + " ORDER BY site_id")) {
            if (whereKey != null) {
                ps.setString(1, whereKey);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(site(rs));
                }
            }
        }
        return out;
    }

    public List<Device> devices(String whereKey) throws SQLException {
        List<Device> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + DEVICE_COLUMNS + " FROM device" + (whereKey == null ? "" : " WHERE device_id = ?") + " ORDER BY device_id")) {
            if (whereKey != null) {
                ps.setString(1, whereKey);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(device(rs));
                }
            }
        }
        return out;
    }

    public List<OperatorCert> operators(String whereKey) throws SQLException {
        List<OperatorCert> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + OPERATOR_COLUMNS + " FROM operator_cert" + (whereKey == null ? "" : " WHERE cert_no = ?") + " ORDER BY cert_no")) {
            if (whereKey != null) {
                ps.setString(1, whereKey);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(operator(rs));
                }
            }
        }
        return out;
    }

    /** The site's devices, by device id. */
    public List<Device> devicesOfSite(String siteId) throws SQLException {
        List<Device> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + DEVICE_COLUMNS + " FROM device WHERE site_id = ? ORDER BY device_id")) {
            ps.setString(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(device(rs));
                }
            }
        }
        return out;
    }

    /** The registered certificates among these numbers, in no particular order. */
    public List<OperatorCert> operatorsIn(Collection<String> certNos) throws SQLException {
        List<OperatorCert> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + OPERATOR_COLUMNS + " FROM operator_cert WHERE cert_no = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", certNos.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(operator(rs));
                }
            }
        }
        return out;
    }

    /**
     * Stores a mark on a site's calendar, replacing the one on that date unless that one is a
     * regulator's and {@code replaceRegulators} is false.
     *
     * @return false when a regulator's mark was left in place
     */
    public boolean upsertMark(String siteId, CalendarMark m, String markedBy, boolean replaceRegulators) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO site_calendar_mark (" + MARK_COLUMNS + ", marked_by, marked_at) VALUES (?,?,?,?,?,?,?,?,?,?, now()) "
                        + "ON CONFLICT (site_id, day) DO UPDATE SET working = EXCLUDED.working, reason = EXCLUDED.reason, "
                        + "note = EXCLUDED.note, extra_from_min = EXCLUDED.extra_from_min, extra_to_min = EXCLUDED.extra_to_min, "
                        + "extra_permit = EXCLUDED.extra_permit, source = EXCLUDED.source, marked_by = EXCLUDED.marked_by, "
                        + "marked_at = now() WHERE ? OR site_calendar_mark.source <> 'regulator'")) {
            ps.setString(1, siteId);
            ps.setObject(2, m.date());
            ps.setBoolean(3, m.working());
            ps.setString(4, m.reason());
            ps.setString(5, m.note());
            ps.setObject(6, m.extraHours() == null ? null : m.extraHours().fromMinute(), Types.SMALLINT);
            ps.setObject(7, m.extraHours() == null ? null : m.extraHours().toMinute(), Types.SMALLINT);
            ps.setString(8, m.extraHours() == null ? null : m.extraHours().permit());
            ps.setString(9, m.source());
            ps.setString(10, markedBy);
            ps.setBoolean(11, replaceRegulators);
            return ps.executeUpdate() == 1;
        }
    }

    /** What became of a removal. */
    public enum Removal { REMOVED, NONE, REFUSED }

    /** Removes the mark on a date; a regulator's only when {@code regulatorsToo}. */
    public Removal deleteMark(String siteId, LocalDate day, boolean regulatorsToo) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "WITH gone AS (DELETE FROM site_calendar_mark WHERE site_id = ? AND day = ? AND (? OR source <> 'regulator') RETURNING 1) "
                        + "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM site_calendar_mark WHERE site_id = ? AND day = ?)")) {
            ps.setString(1, siteId);
            ps.setObject(2, day);
            ps.setBoolean(3, regulatorsToo);
            ps.setString(4, siteId);
            ps.setObject(5, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0 ? Removal.REMOVED : rs.getLong(2) > 0 ? Removal.REFUSED : Removal.NONE;
            }
        }
    }

    /** The marks of one site ({@code siteId} given) or of every site, by site and date. */
    public Map<String, Map<LocalDate, CalendarMark>> marks(String siteId) throws SQLException {
        Map<String, Map<LocalDate, CalendarMark>> out = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + MARK_COLUMNS + " FROM site_calendar_mark" + (siteId == null ? "" : " WHERE site_id = ?"))) {
            if (siteId != null) {
                ps.setString(1, siteId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(2, LocalDate.class);
                    int from = rs.getInt(6);
                    CalendarMark.ExtraHours extra = rs.wasNull() ? null : new CalendarMark.ExtraHours(from, rs.getInt(7), rs.getString(8));
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .put(day, new CalendarMark(day, rs.getBoolean(3), rs.getString(4), rs.getString(5), extra, rs.getString(9)));
                }
            }
        }
        return out;
    }

    public void upsertPerson(KeyPerson p) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO site_person (" + PERSON_COLUMNS + ", updated_at) VALUES (?,?,?,?,?, now()) "
                        + "ON CONFLICT (site_id, person_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, "
                        + "cert_no = EXCLUDED.cert_no, updated_at = now()")) {
            ps.setString(1, p.siteId());
            ps.setString(2, p.personId());
            ps.setString(3, p.name());
            ps.setString(4, p.role());
            ps.setString(5, p.certNo());
            ps.executeUpdate();
        }
    }

    /** The site's key people by person id, or the one asked for ({@code personId} given). */
    public List<KeyPerson> personnel(String siteId, String personId) throws SQLException {
        List<KeyPerson> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + PERSON_COLUMNS + " FROM site_person WHERE site_id = ?" + (personId == null ? "" : " AND person_id = ?")
                        + " ORDER BY person_id")) {
            ps.setString(1, siteId);
            if (personId != null) {
                ps.setString(2, personId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyPerson(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Every site's key people, by site and person id: one read for readers that rank all sites. */
    public List<KeyPerson> allPersonnel() throws SQLException {
        List<KeyPerson> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + PERSON_COLUMNS + " FROM site_person ORDER BY site_id, person_id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyPerson(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    public boolean deletePerson(String siteId, String personId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM site_person WHERE site_id = ? AND person_id = ?")) {
            ps.setString(1, siteId);
            ps.setString(2, personId);
            return ps.executeUpdate() > 0;
        }
    }

    private static Site site(ResultSet rs) throws SQLException {
        double lat = rs.getDouble(12);
        GeoFence location = rs.wasNull() ? null : new GeoFence(lat, rs.getDouble(13), rs.getDouble(14));
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object day : (Object[]) rs.getArray(17).getArray()) {
            days.add(DayOfWeek.of(((Number) day).intValue()));
        }
        return new Site(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4) == null && rs.getString(5) == null ? null : new Enterprise(rs.getString(4), rs.getString(5)),
                rs.getString(6), rs.getString(7), rs.getBigDecimal(8), date(rs, 9), date(rs, 10), parse(rs.getString(11)),
                location, new WorkingHours(rs.getInt(15), rs.getInt(16), days));
    }

    private static Device device(ResultSet rs) throws SQLException {
        String registrationNo = rs.getString(10);
        String registrationTo = date(rs, 11);
        String inspectionTo = date(rs, 12);
        String fallArresterTo = date(rs, 13);
        DeviceService service = new DeviceService(date(rs, 7), date(rs, 8), rs.getString(9),
                registrationNo == null && registrationTo == null ? null : new DeviceService.Registration(registrationNo, registrationTo),
                inspectionTo == null ? null : new DeviceService.Validity(inspectionTo),
                fallArresterTo == null ? null : new DeviceService.Validity(fallArresterTo));
        return new Device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), parse(rs.getString(6)),
                service);
    }

    private static OperatorCert operator(ResultSet rs) throws SQLException {
        return new OperatorCert(rs.getString(1), rs.getString(2), rs.getString(3), date(rs, 4), date(rs, 5));
    }

    private static void setDate(PreparedStatement ps, int i, String isoDate) throws SQLException {
        if (isoDate == null) {
            ps.setNull(i, Types.DATE);
        } else {
            ps.setObject(i, LocalDate.parse(isoDate));
        }
    }

    private static String date(ResultSet rs, int i) throws SQLException {
        Date d = rs.getDate(i);
        return d == null ? null : d.toLocalDate().toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
