package io.sitewatch.ingest.validate;

/**
 * The double of a JSON number's text, without the String and digit buffers that
 * {@code Double.parseDouble} allocates, for the short decimals devices send ({@code 61.2},
 * {@code -0.035}, {@code 2.5e1}). When the significant digits fit in 15 decimal digits and the
 * remaining power of ten is within ±22, both are exact doubles and one multiplication or division
 * rounds correctly. That is the shortcut {@code Double.parseDouble} itself takes for such input
 * (FloatingDecimal), with the same operations, so the result has the same bits. Anything else
 * is NaN: the caller then asks the parser.
 */
final class DecimalText {

    /** Below 10^15 a significand is an exact double (2^53 ≈ 9.007e15), as FloatingDecimal requires. */
    private static final long MAX_SIGNIFICAND = 999_999_999_999_999L;
    /** 10^0 … 10^22, each an exact double. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Digits taken before giving up: 15 significant ones and a few trailing zeros; 18 always fit a long. */
    private static final int MAX_DIGITS = 18;
    private static final int MAX_EXPONENT_DIGITS = 4;

    private DecimalText() {
    }

    /**
     * @param text a number as the JSON grammar allows it ({@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}),
     *             which the parser has already checked
     * @return its double, or NaN when this shortcut does not apply
     */
    static double toDouble(char[] text, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = text[i] == '-';
        if (negative) {
            i++;
        }
        long significand = 0;
        int digits = 0;
        int scale = 0; // digits after the decimal point taken into the significand
        boolean fraction = false;
        for (; i < end; i++) {
            char c = text[i];
            if (c == '.') {
                fraction = true;
            } else if (c == 'e' || c == 'E') {
                break;
            } else if (significand == 0 && c == '0') {
                scale += fraction ? 1 : 0; // a leading zero: only its place counts
            } else {
                if (++digits > MAX_DIGITS) {
                    return Double.NaN;
                }
                significand = significand * 10 + (c - '0');
                scale += fraction ? 1 : 0;
            }
        }
        int exponent = 0;
        if (i < end) {
            i++; // past e/E
            boolean negativeExponent = text[i] == '-';
            if (text[i] == '-' || text[i] == '+') {
                i++;
            }
            if (end - i > MAX_EXPONENT_DIGITS) {
                return Double.NaN;
            }
            for (; i < end; i++) {
                exponent = exponent * 10 + (text[i] - '0');
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (significand == 0) {
            return negative ? -0.0 : 0.0;
        }
        // Trailing zeros are not significant digits (FloatingDecimal drops them too).
        while (significand % 10 == 0) {
            significand /= 10;
            scale--;
        }
        if (significand > MAX_SIGNIFICAND) {
            return Double.NaN;
        }
        int power = exponent - scale;
        double value = significand;
        if (power > 0 && power < POWERS_OF_TEN.length) {
            value *= POWERS_OF_TEN[power];
        } else if (power < 0 && -power < POWERS_OF_TEN.length) {
            value /= POWERS_OF_TEN[-power];
        } else if (power != 0) {
            return Double.NaN;
        }
        return negative ? -value : value;
    }
}
