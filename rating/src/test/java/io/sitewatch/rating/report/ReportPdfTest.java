package io.sitewatch.rating.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.text.Lang;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The 评价报告 as PDF: a real PDF whose text (poppler's {@code pdftotext}, as a reader's copy and
 * paste would get it) is the Chinese report — the project's name, its region by name, the items
 * with their evidence — from the fonts it embeds. Kept in {@code target/reports/}.
 */
class ReportPdfTest {

    static final Path OUT = Paths.get("target", "reports");

    static String pdftotext(byte[] pdf, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, pdf);
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", "-layout", file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pdftotext finished");
        assertEquals(0, p.exitValue(), "pdftotext (poppler-utils) must be installed: " + text);
        return text;
    }

    @Test
    void thePdfSaysTheReportInChineseWithItsFontsEmbedded() throws Exception {
        RatingReport.Heading h = new RatingReport.Heading("鼓楼区洪山路市政道路工程", "福州城建集团有限公司", "350102",
                new BigDecimal("180000000.00"), "Asia/Shanghai");
        byte[] pdf = RatingReport.export(RatingReportTest.road(), RatingReport.Format.PDF, h);
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.US_ASCII));
        String text = pdftotext(pdf, OUT.resolve("road-zh.pdf"));
        String flat = text.replaceAll("\\s+", "");
        for (String expected : new String[] {"智慧工地星级评价报告", "鼓楼区洪山路市政道路工程", "福建省福州市鼓楼区", "1.8亿元",
                "2026-01-01至2026-01-31", "报警处置", "评价期内未产生报警", "三星级", "★★★"}) {
            assertTrue(flat.contains(expected), expected + " in:\n" + text);
        }
        // the Chinese font travels with the file (poppler's pdffonts: embedded, subset)
        Process fonts = new ProcessBuilder("pdffonts", OUT.resolve("road-zh.pdf").toString()).redirectErrorStream(true).start();
        String list = new String(fonts.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(fonts.waitFor(60, TimeUnit.SECONDS));
        assertTrue(list.lines().anyMatch(l -> l.contains("DroidSansFallback") && l.contains("CID TrueType") && l.matches(".*\\byes\\s+yes\\b.*")),
                list);

        String en = pdftotext(RatingReport.export(RatingReportTest.road(), RatingReport.Format.PDF, h, Lang.EN), OUT.resolve("road-en.pdf"));
        assertTrue(en.replaceAll("\\s+", " ").contains("Smart-site star rating report"), en);
        assertTrue(en.contains("Alarm handling"), en);
    }
}
