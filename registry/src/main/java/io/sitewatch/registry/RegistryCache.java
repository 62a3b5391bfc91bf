package io.sitewatch.registry;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole registry in memory, so that the message path never waits for the database. Filled at
 * start, updated on every change this instance makes and on change notices from other instances.
 */
public final class RegistryCache implements RegistryLookup {

    private final Map<String, Site> sites = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, OperatorCert> operators = new ConcurrentHashMap<>();
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

    void put(Site s) {
        sites.put(s.siteId(), s);
        generation.incrementAndGet();
    }

    void put(Device d) {
        devices.put(d.deviceId(), d);
        generation.incrementAndGet();
    }

    void put(OperatorCert o) {
        operators.put(o.certNo(), o);
    }

    void removeSite(String id) {
        sites.remove(id);
        generation.incrementAndGet();
    }

    void removeDevice(String id) {
        devices.remove(id);
        generation.incrementAndGet();
    }

    void removeOperator(String id) {
        operators.remove(id);
    }
}
