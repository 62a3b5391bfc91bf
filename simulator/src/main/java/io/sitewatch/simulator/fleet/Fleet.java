package io.sitewatch.simulator.fleet;

import io.sitewatch.core.fleet.FleetFile;
import io.sitewatch.core.fleet.FleetFileException;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Sites with their devices, and the operators' certificates: a fleet file as the simulator plays
 * it. Read by core's {@link FleetFile} (checked against the format), then given the simulator's
 * defaults: a missing name is the id, a missing site kind {@code building}, a missing enterprise
 * empty, a missing cost 0. {@code sim} is the file's own simulator block.
 */
public record Fleet(List<SiteSpec> sites, List<OperatorSpec> operators, FreeForm sim) {
    /** The bundled demo fleet, what {@code ./sitewatch demo} runs. */
    public static final String DEMO_RESOURCE = "/fleets/demo.yaml";

    public Fleet(List<SiteSpec> sites, List<OperatorSpec> operators) {
        this(sites, operators, FreeForm.EMPTY);
    }

    public static Fleet read(Path file) {
        return of(FleetFile.readChecked(file));
    }

    public static Fleet readResource(String resource) {
        try (InputStream in = Fleet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FleetFileException("no classpath resource " + resource);
            }
            return of(FleetFile.readChecked(in, "classpath:" + resource));
        } catch (IOException e) {
            throw new FleetFileException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    public static Fleet demo() {
        return readResource(DEMO_RESOURCE);
    }

    /** A fleet file's text, checked; {@code origin} names it in messages. */
    public static Fleet parse(String yaml, String origin) {
        return of(FleetFile.readChecked(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), origin));
    }

    /** The simulator's view of a fleet the reader checked. */
    static Fleet of(FleetFile.Fleet file) {
        List<SiteSpec> sites = file.entries().stream().map(Fleet::toSite).toList();
        List<OperatorSpec> operators = file.operators().stream().map(Fleet::toOperator).toList();
        return new Fleet(sites, operators, FreeForm.of(file.sim()));
    }

    private static SiteSpec toSite(FleetFile.SiteEntry entry) {
        Site s = entry.site();
        Enterprise e = s.enterprise();
        List<DeviceSpec> devices = entry.devices().stream().map(Fleet::toDevice).toList();
        return new SiteSpec(s.siteId(), orElse(s.name(), s.siteId()), s.region(),
                new Enterprise(orElse(e == null ? null : e.code(), ""), orElse(e == null ? null : e.name(), "")),
                orElse(s.kind(), "building"), ZoneId.of(s.timezone()), s.costCny() == null ? 0 : s.costCny().longValue(),
                date(s.startDate()), date(s.endDate()), devices, FreeForm.of(entry.sim()), s.location(), s.workingHours(),
                entry.calendar(), entry.personnel());
    }

    private static DeviceSpec toDevice(FleetFile.DeviceEntry entry) {
        Device d = entry.device();
        return new DeviceSpec(d.deviceId(), d.siteId(), d.kind(), orElse(d.name(), d.deviceId()), d.periodS(),
                FreeForm.of(d.params()), FreeForm.of(entry.sim()), d.service());
    }

    private static OperatorSpec toOperator(OperatorCert o) {
        return new OperatorSpec(o.certNo(), o.name(), o.kind(), date(o.validFrom()), date(o.validTo()));
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

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
        return new Fleet(List.of(site(siteId)), operators, sim);
    }

    /** The fleet with one site replaced by {@code site} (same id). */
    public Fleet with(SiteSpec site) {
        return new Fleet(sites.stream().map(s -> s.siteId().equals(site.siteId()) ? site : s).toList(), operators, sim);
    }
}
