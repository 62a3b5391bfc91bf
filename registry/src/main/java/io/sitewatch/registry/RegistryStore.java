package io.sitewatch.registry;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/** Registry tables, read and written with plain JDBC. Blocking: call from a worker thread. */
public final class RegistryStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_COLUMNS =
            "site_id, name, region, enterprise_code, enterprise_name, kind, timezone, cost_cny, start_date, end_date, params";
    private static final String DEVICE_COLUMNS = "device_id, site_id, kind, name, period_s, params";
    private static final String OPERATOR_COLUMNS = "cert_no, name, kind, valid_from, valid_to";

    private final DataSource ds;

    public RegistryStore(DataSource ds) {
        this.ds = ds;
    }

    public void upsertSite(Site s) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO site (" + SITE_COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?::jsonb, now()) "
                        + "ON CONFLICT (site_id) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region, "
                        + "enterprise_code = EXCLUDED.enterprise_code, enterprise_name = EXCLUDED.enterprise_name, "
                        + "kind = EXCLUDED.kind, timezone = EXCLUDED.timezone, cost_cny = EXCLUDED.cost_cny, "
                        + "start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, params = EXCLUDED.params, updated_at = now()")) {
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
            ps.executeUpdate();
        }
    }

    public void upsertDevice(Device d) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device (" + DEVICE_COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?::jsonb, now()) "
                        + "ON CONFLICT (device_id) DO UPDATE SET site_id = EXCLUDED.site_id, kind = EXCLUDED.kind, "
                        + "name = EXCLUDED.name, period_s = EXCLUDED.period_s, params = EXCLUDED.params, updated_at = now()")) {
            ps.setString(1, d.deviceId());
            ps.setString(2, d.siteId());
            ps.setString(3, d.kind());
            ps.setString(4, d.name());
            ps.setInt(5, d.periodS());
            ps.setString(6, d.params().toString());
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

    private static Site site(ResultSet rs) throws SQLException {
        return new Site(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4) == null && rs.getString(5) == null ? null : new Enterprise(rs.getString(4), rs.getString(5)),
                rs.getString(6), rs.getString(7), rs.getBigDecimal(8), date(rs, 9), date(rs, 10), parse(rs.getString(11)));
    }

    private static Device device(ResultSet rs) throws SQLException {
        return new Device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), parse(rs.getString(6)));
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
