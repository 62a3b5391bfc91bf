package io.sitewatch.ingest.registry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole registry in memory, so that the message path never waits for the database. Filled at
 * start, updated on every change this instance makes and on change notices from other instances.
 */
public final class RegistryCache implements DeviceLookup {

    private final Map<String, Site> sites = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, OperatorCert> operators = new ConcurrentHashMap<>();

    @Override
    public Device device(String deviceId) {
        return devices.get(deviceId);
    }

    public Site site(String siteId) {
        return sites.get(siteId);
    }

    public OperatorCert operator(String certNo) {
        return operators.get(certNo);
    }

    public Collection<Site> sites() {
        return List.copyOf(sites.values());
    }

    public Collection<Device> devices() {
        return List.copyOf(devices.values());
    }

    void put(Site s) {
        sites.put(s.siteId(), s);
    }

    void put(Device d) {
        devices.put(d.deviceId(), d);
    }

    void put(OperatorCert o) {
        operators.put(o.certNo(), o);
    }

    void removeSite(String id) {
        sites.remove(id);
    }

    void removeDevice(String id) {
        devices.remove(id);
    }

    void removeOperator(String id) {
        operators.remove(id);
    }
}
