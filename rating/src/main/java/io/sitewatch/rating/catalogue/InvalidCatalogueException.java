package io.sitewatch.rating.catalogue;

import java.util.List;

/** A catalogue that cannot be used; the message lists every problem found. */
public final class InvalidCatalogueException extends Exception {

    private final List<String> problems;

    public InvalidCatalogueException(List<String> problems) {
        super("invalid rating catalogue: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
