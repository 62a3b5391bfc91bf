package io.sitewatch.registry;

import io.sitewatch.core.fleet.FleetFile;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.InvalidEntryException;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.WireProtocol;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
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

    /** Imports a fleet file: sites first, then devices and operators. */
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
        LOG.info("fleet imported: {} sites, {} devices, {} operator certificates",
                fleet.sites().size(), fleet.devices().size(), fleet.operators().size());
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
            default -> LOG.debug("ignoring registry notice {}", notice);
        }
    }

    private static LocalDate date(String iso, String field) throws InvalidEntryException {
        if (iso == null) {
            return null;
        }
        try {
            return LocalDate.parse(iso);
        } catch (DateTimeException e) {
            throw new InvalidEntryException(field + " must be a date YYYY-MM-DD, got " + iso);
        }
    }

    private static void require(boolean ok, String message) throws InvalidEntryException {
        if (!ok) {
            throw new InvalidEntryException(message);
        }
    }
}
