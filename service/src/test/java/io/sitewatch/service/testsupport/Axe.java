package io.sitewatch.service.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.service.testsupport.Chromium.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * axe-core, the accessibility engine, run in a page of the browser tests. The engine comes from the
 * npm registry at build time (service/src/test/browser, pinned by its lock file; Maven runs
 * {@code npm ci} before the tests), so a missing install fails the test with the command to run.
 */
public final class Axe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src", "test", "browser", "node_modules", "axe-core", "axe.min.js");

    private Axe() {
    }

    /**
     * The serious and critical violations on the page as it is now (WCAG 2 A and AA rules), one line
     * each: rule id, impact, help text and the first offending elements.
     */
    public static List<String> seriousViolations(Page page) throws Exception {
        if (!Files.isReadable(SCRIPT)) {
            throw new AssertionError("axe-core is not installed at " + SCRIPT.toAbsolutePath()
                    + ": run 'npm ci' in service/src/test/browser (Maven does it in generate-test-resources)");
        }
        if (!page.eval("typeof window.axe === 'object'").asBoolean()) {
            page.eval(Files.readString(SCRIPT) + "\n;true");
        }
        JsonNode result = page.eval("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
                + " resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                + " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))");
        List<String> out = new ArrayList<>();
        for (JsonNode v : result) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                out.add(v.get("id").asText() + " (" + impact + "): " + v.get("help").asText() + " at " + JSON.writeValueAsString(v.get("nodes")));
            }
        }
        return out;
    }
}
