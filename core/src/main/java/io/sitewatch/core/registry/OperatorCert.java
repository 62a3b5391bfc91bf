package io.sitewatch.core.registry;

/** A special-operations certificate (特种作业操作证); dates are ISO {@code YYYY-MM-DD}. */
public record OperatorCert(String certNo, String name, String kind, String validFrom, String validTo) {
}
