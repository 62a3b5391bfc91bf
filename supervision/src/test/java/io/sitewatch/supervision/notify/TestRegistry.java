package io.sitewatch.supervision.notify;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import java.util.Collection;
import java.util.List;

/** One site (FZ-1, 测试工地, 350102) with one tower crane (TC1, 1号塔吊). */
final class TestRegistry implements RegistryLookup {

    static final Site SITE = new Site("FZ-1", "测试工地", "350102", null, "building", null, null, null, null, null);
    static final Device CRANE = new Device("TC1", "FZ-1", "tower_crane", "1号塔吊", 10, null);

    @Override
    public Site site(String siteId) {
        return SITE.siteId().equals(siteId) ? SITE : null;
    }

    @Override
    public Device device(String deviceId) {
        return CRANE.deviceId().equals(deviceId) ? CRANE : null;
    }

    @Override
    public OperatorCert operator(String certNo) {
        return null;
    }

    @Override
    public long generation() {
        return 0;
    }

    @Override
    public Collection<Site> sites() {
        return List.of(SITE);
    }

    @Override
    public Collection<Device> devices() {
        return List.of(CRANE);
    }
}
