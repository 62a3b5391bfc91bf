package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.RATER;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The 评价报告 of a real submission as PDF over the HTTP API: a site with a Chinese name registered,
 * its gates declared, its self-assessment submitted; the report fetched as a rating officer is a PDF
 * (inline, with a file name) whose text — read back with poppler's {@code pdftotext} — holds the
 * site's Chinese name, its builder, its region by name and its evidence in Chinese. A bad format or
 * language is a 400 naming the parameter. The PDF is kept in {@code target/reports/}.
 */
class RatingReportPdfIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = "FZ-HS";
    static final String NAME = "鼓楼区洪山科技园综合楼工程";

    /** A building in Gulou with a crane that never reported and its gates declared by a rating officer. */
    static long submit(int port) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/sites/" + SITE, ADMIN, """
                {"name":"%s","region":"350102","enterprise":{"code":"913501007XXXXXXX1A","name":"福州建工集团有限公司"},
                 "kind":"building","costCny":180000000,"startDate":"2025-03-01","endDate":"2027-06-30"}""".formatted(NAME)));
        expect(200, http(port, "PUT", "/api/v1/devices/FZ-HS-TC1", ADMIN,
                "{\"siteId\":\"" + SITE + "\",\"kind\":\"tower_crane\",\"name\":\"1号塔吊\",\"periodS\":10}"));
        for (String gate : new String[] {"no_accident", "no_wage_arrears"}) {
            expect(200, http(port, "PUT", "/api/v1/sites/" + SITE + "/manual-evidence/" + gate, RATER,
                    "{\"value\":1,\"comment\":\"经鼓楼区质安站记录核查，评价期内无此类事件\"}"));
        }
        long to = System.currentTimeMillis();
        long from = to - Duration.ofDays(2).toMillis();
        var r = http(port, "POST", "/api/v1/sites/" + SITE + "/ratings", ADMIN,
                "{\"targetStar\":1,\"from\":" + from + ",\"to\":" + to + ",\"comment\":\"项目自评申报一星\"}");
        expect(201, r);
        return JSON.readTree(r.body()).get("id").asLong();
    }

    @Test
    void theReportOfASubmissionIsAPdfInChinese() throws Exception {
        try (SiteWatchService service = Components.service(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "rating-pdf-it", Map.of())).start()) {
            int port = service.httpPort();
            long id = submit(port);

            HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/ratings/" + id + "/report?format=pdf"))
                    .header("Authorization", "Bearer " + RATER).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, pdf.statusCode(), new String(pdf.body(), StandardCharsets.UTF_8));
            assertEquals("application/pdf", pdf.headers().firstValue("content-type").orElse(""));
            assertEquals("inline; filename=\"rating-FZ-HS-" + id + ".pdf\"", pdf.headers().firstValue("content-disposition").orElse(""));
            assertEquals("%PDF-", new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII));

            Path file = Paths.get("target", "reports", "rating-" + SITE + "-" + id + ".pdf");
            Files.createDirectories(file.getParent());
            Files.write(file, pdf.body());
            Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", file.toString(), "-").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pdftotext finished");
            assertEquals(0, p.exitValue(), "pdftotext (Debian's poppler-utils) is needed: " + text);
            String flat = text.replaceAll("\\s+", "");
            for (String expected : new String[] {
                    "智慧工地星级评价报告", NAME, "福州建工集团有限公司", "福建省福州市鼓楼区", "1.8亿元",
                    // evidence lines in Chinese: the silent crane, no alarm in the window, the officer's declaration
                    "1台塔式起重机中0台数据合格", "评价期内无数据", "评价期内未产生报警", "经鼓楼区质安站记录核查，评价期内无此类事件"}) {
                assertTrue(flat.contains(expected), expected + " in the PDF's text:\n" + text);
            }
            System.out.println("[rating-pdf-it] " + pdf.body().length + " bytes, " + file.toAbsolutePath());

            // the same in English on asking, and bad values named
            HttpResponse<String> en = http(port, "GET", "/api/v1/ratings/" + id + "/report?format=html&lang=en", RATER, null);
            assertEquals(200, en.statusCode(), en.body());
            assertTrue(en.body().contains("<tr><th>Builder</th><td>福州建工集团有限公司</td></tr>"), en.body());
            HttpResponse<String> badFormat = http(port, "GET", "/api/v1/ratings/" + id + "/report?format=docx", RATER, null);
            assertEquals(400, badFormat.statusCode());
            assertTrue(JSON.readTree(badFormat.body()).get("message").asText().startsWith("format must be text, json, csv, html or pdf"),
                    badFormat.body());
            HttpResponse<String> badLang = http(port, "GET", "/api/v1/ratings/" + id + "/report?format=pdf&lang=fr", RATER, null);
            assertEquals(400, badLang.statusCode());
            assertTrue(JSON.readTree(badLang.body()).get("message").asText().startsWith("lang must be zh or en"), badLang.body());

            // the API's result: the English fields as before, each with its text in both languages
            JsonNode result = JSON.readTree(http(port, "GET", "/api/v1/ratings/" + id, RATER, null).body()).get("result");
            assertTrue(result.get("starReason").asText().startsWith("no star"), result.toString());
            assertEquals("star.none", result.get("starReasonText").get("id").asText());
            assertTrue(result.get("starReasonText").get("zh").asText().startsWith("未评星："), result.toString());
            JsonNode crane = null;
            for (JsonNode i : result.get("items")) {
                crane = "tower_crane_monitor".equals(i.get("id").asText()) ? i : crane;
            }
            assertEquals("塔吊安全监控", crane.get("nameText").get("zh").asText());
            assertEquals("Tower crane safety monitoring", crane.get("nameText").get("en").asText());
            assertTrue(crane.get("evidenceText").get("zh").asText().startsWith("1 台塔式起重机中 0 台数据合格：FZ-HS-TC1 不合格（评价期内无数据"),
                    crane.toString());
            assertEquals("[\"FZ-HS-TC1\"]", crane.get("evidenceText").get("verbatim").toString());
        }
    }
}
