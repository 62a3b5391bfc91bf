package io.sitewatch.simulator.fleet;

import java.util.List;
import java.util.Optional;

/** Sites with their devices, and the operators' certificates. */
public record Fleet(List<SiteSpec> sites, List<OperatorSpec> operators) {

    public SiteSpec site(String siteId) {
        return sites.stream().filter(s -> s.siteId().equals(siteId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no site " + siteId + " in the fleet"));
    }

    public Optional<OperatorSpec> operator(String certNo) {
        return operators.stream().filter(o -> o.certNo().equals(certNo)).findFirst();
    }

    public int deviceCount() {
        return sites.stream().mapToInt(s -> s.devices().size()).sum();
    }

    /** The fleet reduced to one site (scenarios run one site so their alarms are easy to predict). */
    public Fleet only(String siteId) {
        return new Fleet(List.of(site(siteId)), operators);
    }
}
