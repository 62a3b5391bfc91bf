package io.sitewatch.simulator.fleet;

import java.time.LocalDate;

/** A special-operations certificate (特种作业操作证). */
public record OperatorSpec(String certNo, String name, String kind, LocalDate validFrom, LocalDate validTo) {

    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && !day.isAfter(validTo);
    }
}
