package io.sitewatch.registry;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.port.RegistryQueries;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link RegistryQueries} over the registry's tables, read at the moment of each call. */
public final class JdbcRegistryQueries implements RegistryQueries {

    private final RegistryStore store;

    public JdbcRegistryQueries(DataSource ds) {
        this.store = new RegistryStore(ds);
    }

    @Override
    public Optional<Site> site(String siteId) {
        try {
            return store.sites(siteId).stream().findFirst();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public List<Device> devicesOfSite(String siteId) {
        try {
            return store.devicesOfSite(siteId);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public List<KeyPerson> keyPersonnel(String siteId) {
        try {
            return store.personnel(siteId, null);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** One read of the whole roster, however many sites. */
    @Override
    public Map<String, List<KeyPerson>> keyPersonnelOfAll() {
        try {
            Map<String, List<KeyPerson>> out = new HashMap<>();
            for (KeyPerson p : store.allPersonnel()) {
                out.computeIfAbsent(p.siteId(), k -> new java.util.ArrayList<>()).add(p);
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Map<String, OperatorCert> operators(Collection<String> certNos) {
        try {
            Map<String, OperatorCert> out = new HashMap<>();
            store.operatorsIn(certNos).forEach(o -> out.put(o.certNo(), o));
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Map<LocalDate, CalendarMark> calendarMarks(String siteId) {
        try {
            return store.marks(siteId).getOrDefault(siteId, Map.of());
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("registry query failed: " + e.getMessage(), e);
    }
}
