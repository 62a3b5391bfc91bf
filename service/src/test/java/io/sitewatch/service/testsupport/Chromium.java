package io.sitewatch.service.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sitewatch.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol, for the consoles'
 * browser tests; fails with a clear message when it is missing, it never skips.
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where screenshots go (kept as test artifacts). */
    public static final Path SHOTS = Paths.get("target", "screenshots");

    private final Process process;
    private final Path profile;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private Chromium(Process process, Path profile, int port) {
        this.process = process;
        this.profile = profile;
        this.port = port;
    }

    public static Chromium launch() throws Exception {
        String exe = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Paths.get(exe))) {
            throw new AssertionError("headless Chromium is required for the console browser test but " + exe
                    + " is missing: install Debian's packages 'chromium' (apt-get install -y chromium), or set CHROMIUM");
        }
        Path profile = Files.createTempDirectory("sitewatch-chromium");
        Process p = new ProcessBuilder(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--lang=zh-CN", "--window-size=1400,900", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        Path active = profile.resolve("DevToolsActivePort");
        boolean open = Await.poll(Duration.ofSeconds(30),
                () -> !p.isAlive() || Files.exists(active) && !Files.readAllLines(active).isEmpty());
        if (!open || !p.isAlive()) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not open its DevTools port; its output: "
                    + profile.resolveSibling(profile.getFileName() + ".log"));
        }
        return new Chromium(p, profile, Integer.parseInt(Files.readAllLines(active).get(0).trim()));
    }

    private final List<Page> pages = new java.util.ArrayList<>();

    public Page newPage() throws Exception {
        JsonNode target = JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/json/new?about:blank")).PUT(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        Page page = new Page(http, target.get("webSocketDebuggerUrl").asText());
        pages.add(page);
        page.send("Runtime.enable", JSON.createObjectNode());
        page.send("Page.enable", JSON.createObjectNode());
        page.send("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", 1400).put("height", 900)
                .put("deviceScaleFactor", 1).put("mobile", false));
        return page;
    }

    /**
     * Closes the tabs opened so far: each console keeps its alarm stream open, and Chromium
     * allows six connections per host, so tabs left open would starve the next test's requests.
     */
    public void closePages() {
        for (Page p : pages) {
            try {
                p.send("Page.close", JSON.createObjectNode());
            } catch (Exception | AssertionError e) {
                // already gone
            }
        }
        pages.clear();
    }

    @Override
    public void close() throws IOException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** One tab over the DevTools protocol: commands by id, console output and page errors printed. */
    public static final class Page implements WebSocket.Listener {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
        private final WebSocket socket;

        Page(HttpClient http, String url) throws Exception {
            socket = http.newWebSocketBuilder().buildAsync(URI.create(url), this).get(10, TimeUnit.SECONDS);
        }

        public JsonNode send(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
            msg.set("params", params);
            socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
            JsonNode r = reply.get(30, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new AssertionError(method + " failed: " + r.get("error"));
            }
            return r.get("result");
        }

        /** Hears every DevTools event of this tab (method and params), e.g. after {@code Network.enable}. */
        public void onEvent(Consumer<JsonNode> listener) {
            listeners.add(listener);
        }

        public void navigate(String url) throws Exception {
            send("Page.navigate", JSON.createObjectNode().put("url", url));
        }

        /** Evaluates a JavaScript expression (promises awaited) and returns its value as JSON. */
        public JsonNode eval(String expression) throws Exception {
            JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                    .put("returnByValue", true).put("awaitPromise", true));
            if (r.has("exceptionDetails")) {
                throw new AssertionError("script failed: " + expression + "\n" + r.get("exceptionDetails"));
            }
            JsonNode v = r.get("result").get("value");
            return v == null ? JSON.nullNode() : v;
        }

        public void waitFor(String condition, Duration timeout) throws Exception {
            String guarded = "(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()";
            if (!Await.poll(timeout, () -> evalAcrossNavigation(guarded))) {
                Path shot = SHOTS.resolve("failure-" + System.currentTimeMillis() + ".png");
                screenshot(shot);
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + condition
                        + "\npage text: " + eval("document.body.innerText").asText() + "\nscreenshot: " + shot);
            }
        }

        /**
         * A condition evaluated while the page navigates (a sign-out reloads it) is answered by
         * DevTools with "Inspected target navigated or closed": that is "not yet", not a failure.
         */
        private boolean evalAcrossNavigation(String guarded) throws Exception {
            try {
                return eval(guarded).asBoolean();
            } catch (AssertionError e) {
                if (String.valueOf(e.getMessage()).contains("Inspected target navigated or closed")) {
                    return false;
                }
                throw e;
            }
        }

        /**
         * Returns once a task queued on the page's event loop now has run: whatever the page queued
         * before (an event handler, a dialog's close event) has run by then.
         */
        public void settle() throws Exception {
            eval("new Promise(done => { const c = new MessageChannel(); c.port1.onmessage = () => done(true); c.port2.postMessage(0); })");
        }

        public void screenshot(Path file) throws Exception {
            send("Page.bringToFront", JSON.createObjectNode());
            JsonNode r = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
            Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
            System.out.println("[console-it] screenshot " + file.toAbsolutePath());
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        listeners.forEach(l -> l.accept(msg));
                    }
                    if (msg.has("id")) {
                        // answered above
                    } else if ("Runtime.consoleAPICalled".equals(msg.path("method").asText())) {
                        System.out.println("[browser console] " + msg.path("params").path("type").asText() + " "
                                + msg.path("params").path("args"));
                    } else if ("Runtime.exceptionThrown".equals(msg.path("method").asText())) {
                        System.out.println("[browser error] " + msg.path("params").path("exceptionDetails"));
                    }
                } catch (IOException e) {
                    System.out.println("[console-it] unreadable DevTools message: " + e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
