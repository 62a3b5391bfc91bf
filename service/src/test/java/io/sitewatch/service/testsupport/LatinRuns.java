package io.sitewatch.service.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * "No English sentence in zh mode", as the browser tests check it: no run of four or more Latin
 * letters in the text a person reads under an element — text nodes and the titles, placeholders and
 * labels of its elements — outside elements marked as codes or units ({@code .code} or {@code <code>}, {@code .unit}:
 * ids, accounts, units shown as they are in either language) or as English ({@code lang="en"}, the
 * language switch). Hidden elements, scripts and styles are no text. Any page's test can use it on any part of its page.
 */
public final class LatinRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LatinRuns() {
    }

    /** A JavaScript expression: the runs found under the first element matching {@code selector}, each with where it was. */
    public static String script(String selector) throws Exception {
        return """
                ((root) => {
                  if (!root) return ['no element matches the selector'];
                  const run = /[A-Za-z]{4,}/g;
                  const skip = '.code, code, .unit, script, style, [hidden], [lang^="en"]';
                  const out = [];
                  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
                    acceptNode: (n) => (n.parentElement && !n.parentElement.closest(skip) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
                  });
                  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                    for (const m of n.data.matchAll(run)) out.push(`${m[0]} in "${n.data.trim().slice(0, 120)}"`);
                  }
                  for (const el of root.querySelectorAll('[title], [placeholder], [aria-label]')) {
                    if (el.closest(skip)) continue;
                    for (const a of ['title', 'placeholder', 'aria-label']) {
                      const v = el.getAttribute(a);
                      if (v) for (const m of v.matchAll(run)) out.push(`${m[0]} in ${a}="${v.slice(0, 120)}"`);
                    }
                  }
                  return out;
                })(document.querySelector(%s))""".formatted(JSON.writeValueAsString(selector));
    }

    public static List<String> find(Chromium.Page page, String selector) throws Exception {
        JsonNode runs = page.eval(script(selector));
        List<String> out = new ArrayList<>();
        runs.forEach(r -> out.add(r.asText()));
        return out;
    }

    /** Fails listing every run of four or more Latin letters outside codes and units under {@code selector}. */
    public static void assertNone(Chromium.Page page, String selector) throws Exception {
        assertEquals(List.of(), find(page, selector), "runs of 4+ Latin letters outside .code/.unit in " + selector);
    }
}
