package io.sitewatch.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's sites and tower cranes: {@code devices} cranes spread evenly over {@code sites} sites. */
record Fleet(List<String> siteIds, List<Device> devices) {

    record Device(String siteId, String deviceId) {
    }

    static Fleet of(int sites, int devices) {
        List<String> siteIds = new ArrayList<>(sites);
        for (int s = 1; s <= sites; s++) {
            siteIds.add(String.format("BENCH-S%03d", s));
        }
        List<Device> list = new ArrayList<>(devices);
        for (int d = 1; d <= devices; d++) {
            list.add(new Device(siteIds.get((d - 1) % sites), String.format("BENCH-TC%05d", d)));
        }
        return new Fleet(List.copyOf(siteIds), List.copyOf(list));
    }
}
