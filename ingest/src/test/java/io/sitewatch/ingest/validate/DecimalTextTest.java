package io.sitewatch.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DecimalText against Double.parseDouble, bit for bit, wherever it does not step aside (NaN). */
class DecimalTextTest {

    private int shortcuts;

    private void same(String text) {
        char[] padded = ("xx" + text + "yy").toCharArray();
        double v = DecimalText.toDouble(padded, 2, text.length());
        if (!Double.isNaN(v)) {
            shortcuts++;
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(v),
                    () -> text + ": " + v + " vs " + Double.parseDouble(text));
        }
    }

    private static String digits(Random rnd, int n, boolean leadingNonZero) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            // Many zeros: leading, trailing and inner zeros are where the digit counting can go wrong.
            int d = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(10);
            b.append((char) ('0' + (i == 0 && leadingNonZero && d == 0 ? 1 + rnd.nextInt(9) : d)));
        }
        return b.toString();
    }

    /** A random number in the JSON grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
    private static String jsonNumber(Random rnd) {
        StringBuilder b = new StringBuilder();
        if (rnd.nextBoolean()) {
            b.append('-');
        }
        int intDigits = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 20);
        b.append(intDigits == 0 ? "0" : digits(rnd, intDigits, true));
        if (rnd.nextInt(4) > 0) {
            b.append('.').append(digits(rnd, 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 25), false));
        }
        if (rnd.nextInt(3) == 0) {
            b.append(rnd.nextBoolean() ? 'e' : 'E').append(rnd.nextInt(3) == 0 ? "" : rnd.nextBoolean() ? "-" : "+");
            b.append("0".repeat(rnd.nextInt(3) == 0 ? rnd.nextInt(4) : 0)).append(rnd.nextInt(rnd.nextBoolean() ? 30 : 400));
        }
        return b.toString();
    }

    @Test
    void matchesParseDoubleOnRandomJsonNumbers() {
        Random rnd = new Random(42);
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            same(jsonNumber(rnd));
        }
        assertTrue(shortcuts > n / 4, shortcuts + " of " + n + " took the shortcut");
    }

    @Test
    void matchesParseDoubleOnDeviceStyleValues() {
        Random rnd = new Random(7);
        shortcuts = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            double v = (rnd.nextDouble() - 0.2) * Math.pow(10, rnd.nextInt(6));
            int scale = rnd.nextInt(7);
            same(BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).toPlainString());
            same(String.format(Locale.ROOT, "%." + scale + "e", v));
            same(Double.toString(v));
        }
        // Every fixed-point value with up to 15 significant digits takes the shortcut.
        assertTrue(shortcuts > 2 * n, shortcuts + " of " + 3 * n + " took the shortcut");
    }

    @Test
    void handPicked() {
        for (String s : List.of("0", "-0", "0.0", "-0.0", "0e0", "-0E-0", "0.000e+5", "1", "-1", "61.2", "0.1", "0.2", "0.3",
                "0.30000000000000004", "1e22", "1e23", "1e-22", "1e-23", "9007199254740993", "999999999999999",
                "1000000000000000", "999999999999999e22", "999999999999999e-22", "123456789012345e-5",
                "1.7976931348623157E308", "4.9e-324", "2.2250738585072014E-308", "100.000000000000000", "1.0000000000000001",
                "0.000000000000000000000000000001", "12345.6789e-3", "5e-1", "25E-1", "3.6E2", "8.5e+01", "1e0000")) {
            same(s);
        }
        assertTrue(shortcuts > 20);
    }
}
