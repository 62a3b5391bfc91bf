package io.sitewatch.core.calendar;

import java.time.LocalDate;

/** A national statutory holiday period (inclusive dates), with its Chinese and English names. */
public record Holiday(String name, String nameEn, LocalDate from, LocalDate to) {

    public Holiday {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("holiday " + name + " ends before it starts");
        }
    }

    public boolean contains(LocalDate d) {
        return !d.isBefore(from) && !d.isAfter(to);
    }
}
