package io.sitewatch.supervision.theme;

import java.util.List;

/** A themes file refused: every problem found, each naming the theme and field. */
public final class InvalidThemesException extends Exception {

    private final List<String> problems;

    public InvalidThemesException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
