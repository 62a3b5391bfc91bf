package io.sitewatch.supervision.risk;

import java.util.List;

/** A risk model refused at load, with every problem found. */
public final class InvalidRiskModelException extends Exception {

    private final List<String> problems;

    public InvalidRiskModelException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
