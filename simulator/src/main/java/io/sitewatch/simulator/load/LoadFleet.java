package io.sitewatch.simulator.load;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.FreeForm;
import io.sitewatch.simulator.fleet.SiteSpec;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The synthetic devices of load mode, {@value #DEVICES_PER_SITE} per site: site
 * {@code PREFIX-001}, devices {@code PREFIX-001-D00001} … The same naming is used to publish and to
 * register them ({@code simulate register --load-devices N}), so the service knows every sender.
 */
public final class LoadFleet {
    public static final int DEVICES_PER_SITE = 100;
    private static final String[] REGIONS = {"350102", "350203", "350503", "350602", "350104", "350206"};

    private LoadFleet() {
    }

    public static String siteId(String prefix, int device) {
        return String.format("%s-%03d", prefix, device / DEVICES_PER_SITE + 1);
    }

    public static String deviceId(String prefix, int device) {
        return String.format("%s-D%05d", siteId(prefix, device), device + 1);
    }

    public static Fleet build(String prefix, int devices, String kind, int periodS) {
        List<SiteSpec> sites = new ArrayList<>();
        for (int first = 0; first < devices; first += DEVICES_PER_SITE) {
            String siteId = siteId(prefix, first);
            List<DeviceSpec> list = new ArrayList<>();
            for (int d = first; d < Math.min(devices, first + DEVICES_PER_SITE); d++) {
                list.add(new DeviceSpec(deviceId(prefix, d), siteId, kind, kind + " " + (d + 1), periodS,
                        new FreeForm(Map.of()), FreeForm.EMPTY));
            }
            int n = first / DEVICES_PER_SITE;
            sites.add(new SiteSpec(siteId, "压测工地" + (n + 1), REGIONS[n % REGIONS.length],
                    new Enterprise("91350000LOAD" + String.format("%06d", n), "压测企业" + (n + 1)), "building",
                    ZoneId.of("Asia/Shanghai"), 150_000_000, LocalDate.of(2025, 1, 1), LocalDate.of(2027, 12, 31),
                    List.copyOf(list), FreeForm.EMPTY));
        }
        return new Fleet(List.copyOf(sites), List.of());
    }
}
