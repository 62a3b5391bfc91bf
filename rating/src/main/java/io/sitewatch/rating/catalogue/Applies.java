package io.sitewatch.rating.catalogue;

import java.util.List;

/**
 * When an item applies to a project (catalogue field {@code applies}); an item that does not apply
 * leaves both the maximum and the star requirements (the catalogue's {@code notApplicable} rule
 * says how the score is scaled). It applies when either condition holds:
 *
 * @param siteKinds the project kinds (registry {@code site.kind}: building, municipal) it always applies to
 * @param devices   device kinds: it applies to any project while a registered device of one of
 *                  these kinds is in service in the window (its install..remove dates overlap it)
 */
public record Applies(List<String> siteKinds, List<String> devices) {

    public Applies {
        siteKinds = siteKinds == null ? List.of() : List.copyOf(siteKinds);
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** In words, for the breakdown: "building projects, or a hoist in service". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (!siteKinds.isEmpty()) {
            b.append(String.join(" or ", siteKinds)).append(" projects");
        }
        if (!devices.isEmpty()) {
            b.append(b.isEmpty() ? "" : ", or ").append("a ").append(String.join(" or ", devices)).append(" in service in the window");
        }
        return b.toString();
    }
}
