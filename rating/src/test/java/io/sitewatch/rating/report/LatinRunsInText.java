package io.sitewatch.rating.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Chinese report's text holds no run of four or more Latin letters outside elements marked as
 * codes or units ({@code class="code"}, {@code class="unit"}): no English sentence left in it. The
 * same rule the browser tests hold the consoles to (service testsupport {@code LatinRuns}), for a
 * page as the server writes it.
 */
final class LatinRunsInText {

    private static final Pattern RUN = Pattern.compile("[A-Za-z]{4,}");

    private LatinRunsInText() {
    }

    static List<String> find(String html) {
        String body = html.substring(html.indexOf("<body"));
        body = body.replaceAll("<span class=\"(?:code|unit)[^\"]*\">[^<]*</span>", " ");
        // attribute values (data-item="alarm_handling") are no text
        body = body.replaceAll("<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        List<String> out = new ArrayList<>();
        Matcher m = RUN.matcher(body);
        while (m.find()) {
            int from = Math.max(0, m.start() - 30);
            out.add(m.group() + " in …" + body.substring(from, Math.min(body.length(), m.end() + 30)).replaceAll("\\s+", " ") + "…");
        }
        return out;
    }

    static void assertNone(String html) {
        assertEquals(List.of(), find(html), "runs of 4+ Latin letters outside .code/.unit");
    }
}
