package io.sitewatch.rating.report;

import io.sitewatch.platform.pdf.HtmlPdf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.text.Lang;
import io.sitewatch.rating.text.Messages;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rating as a readable text breakdown, JSON, CSV (one row per gate, item and device), or the 评价报告
 * to submit as printable HTML or PDF ({@link ReportDocument}: in Chinese by default, or English).
 */
public final class RatingReport {

    public enum Format { TEXT, JSON, CSV, HTML, PDF }

    /**
     * What a report says of the project it rates, so that it can be submitted as it is: the name,
     * the builder, the region by name, the cost in 万元/亿元 and the window in the site's own dates.
     * Any field may be null; null as a whole gives the bare breakdown.
     */
    public record Heading(String name, String enterprise, String region, BigDecimal costCny, String timezone) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RatingReport() {
    }

    /**
     * The report's one inline style element as a Content-Security-Policy source ({@code 'sha256-…'}),
     * so that a policy without {@code 'unsafe-inline'} still lets the printable report be styled.
     */
    public static String styleSource() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(ReportDocument.STYLE.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Format format(String name) {
        try {
            return Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be text, json, csv, html or pdf, got " + name);
        }
    }

    public static String contentType(Format f) {
        return switch (f) {
            case TEXT -> "text/plain; charset=utf-8";
            case JSON -> "application/json; charset=utf-8";
            case CSV -> "text/csv; charset=utf-8";
            case HTML -> "text/html; charset=utf-8";
            case PDF -> "application/pdf";
        };
    }

    /** The name a download is saved under: 评价报告-SITE-7.pdf. */
    public static String fileName(String siteId, long submissionId, Format f) {
        return "rating-" + siteId.replaceAll("[^A-Za-z0-9._-]", "_") + (submissionId > 0 ? "-" + submissionId : "")
                + "." + f.name().toLowerCase(Locale.ROOT);
    }

    /** The report as text; the PDF, being binary, only by {@link #export}. The HTML report is in Chinese. */
    public static String render(RatingResult r, Format f) {
        return switch (f) {
            case TEXT -> text(r);
            case JSON -> json(r);
            case CSV -> csv(r);
            case HTML -> ReportDocument.render(r, null, Lang.ZH);
            case PDF -> throw new IllegalArgumentException("a PDF is binary: export it");
        };
    }

    /**
     * The byte order mark a CSV export starts with: without it Excel reads the file in the local
     * code page (GBK on a Chinese Windows) and garbles every Chinese name.
     */
    public static final String UTF8_BOM = "\uFEFF";

    /**
     * The report as a file to save or send: UTF-8 whatever the platform's encoding, a CSV with
     * {@link #UTF8_BOM} first; otherwise exactly {@link #render}.
     */
    public static byte[] export(RatingResult r, Format f) {
        return export(r, f, null);
    }

    /** {@link #export(RatingResult, Format)} with the project's {@code heading} first (not in JSON, which is the result). */
    public static byte[] export(RatingResult r, Format f, Heading heading) {
        return export(r, f, heading, Lang.ZH);
    }

    /**
     * {@link #export(RatingResult, Format, Heading)} with the 评价报告 (HTML, PDF) in {@code lang};
     * text, CSV and JSON are the same in either.
     */
    public static byte[] export(RatingResult r, Format f, Heading heading, Lang lang) {
        if (f == Format.PDF || f == Format.HTML) {
            String page = ReportDocument.render(r, heading, lang);
            return f == Format.HTML ? page.getBytes(StandardCharsets.UTF_8) : HtmlPdf.render(page, "rating report of " + r.siteId());
        }
        String s = heading == null || f == Format.JSON ? render(r, f) : switch (f) {
            case TEXT -> headingText(r, heading) + text(r);
            case CSV -> csvHeading(r, heading) + csv(r);
            default -> render(r, f);
        };
        return (f == Format.CSV ? UTF8_BOM + s : s).getBytes(StandardCharsets.UTF_8);
    }

    /** The heading's facts as label/value pairs, Chinese (English) labels. */
    static List<String[]> facts(RatingResult r, Heading h) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"项目名称 (project)", h.name() == null ? r.siteId() : h.name() + "（" + r.siteId() + "）"});
        if (h.enterprise() != null) {
            out.add(new String[] {"建设单位 (builder)", h.enterprise()});
        }
        if (h.region() != null) {
            out.add(new String[] {"所属区划 (region)", regionPath(h.region()) + "（" + h.region() + "）"});
        }
        if (h.costCny() != null) {
            out.add(new String[] {"工程造价 (cost)", cost(h.costCny())});
        }
        ZoneId zone = ZoneId.of(h.timezone() == null ? "Asia/Shanghai" : h.timezone());
        LocalDate from = Instant.ofEpochMilli(r.from()).atZone(zone).toLocalDate();
        LocalDate to = Instant.ofEpochMilli(r.to() - 1).atZone(zone).toLocalDate();
        out.add(new String[] {"评价期 (window)", from + " 至 " + to + "（" + zone + "）"});
        out.add(new String[] {"评分标准 (catalogue)", r.catalogueLabel() + "（第 " + r.catalogueVersion() + " 版）"});
        out.add(new String[] {"评价结果 (result)", (r.stars() == 0 ? "无星" : "★".repeat(r.stars()) + "（" + r.stars() + " 星）")
                + "，得分 " + num(r.score()) + " / " + num(r.maxScore())});
        return out;
    }

    /** 福建省 福州市 鼓楼区 from the bundled divisions; the code when it is not listed. */
    static String regionPath(String code) {
        return ReportDocument.regionPath(code, Lang.ZH);
    }

    /** 1.8 亿元 from 1 亿 up, otherwise 万元, with thousands separated: 180000000.00 reads 1.8 亿元. */
    static String cost(BigDecimal yuan) {
        return Messages.cny(yuan, Lang.ZH);
    }

    private static String headingText(RatingResult r, Heading h) {
        StringBuilder b = new StringBuilder("智慧工地星级评价报告 / Smart-site star rating report\n");
        facts(r, h).forEach(f -> b.append(f[0]).append("：").append(f[1]).append('\n'));
        return b.append('\n').toString();
    }

    private static String csvHeading(RatingResult r, Heading h) {
        StringBuilder b = new StringBuilder();
        facts(r, h).forEach(f -> b.append(row("project", f[0], "", "", "", "", f[1])));
        return b.toString();
    }

    static String json(RatingResult r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(RatingResult r) {
        StringBuilder b = new StringBuilder();
        b.append("Site ").append(r.siteId()).append("  ").append(Instant.ofEpochMilli(r.from())).append(" .. ")
                .append(Instant.ofEpochMilli(r.to())).append("  catalogue v").append(r.catalogueVersion())
                .append(" (").append(r.catalogueLabel()).append(")\n");
        b.append("Stars: ").append("★".repeat(r.stars())).append("☆".repeat(3 - r.stars())).append(" (").append(r.stars())
                .append(")   score ").append(num(r.score())).append(" / ").append(num(r.maxScore()))
                .append("  (base ").append(num(r.baseScore())).append(" + bonus ").append(num(r.bonusScore())).append(")\n");
        if (scaled(r)) {
            RatingResult.Scaling sc = r.scaling();
            b.append("Base: ").append(num(sc.earnedPoints())).append(" of ").append(num(sc.applicableMaxPoints()))
                    .append(" applicable points × ").append(num(sc.baseMaxPoints())).append("/").append(num(sc.applicableMaxPoints()))
                    .append(" = ").append(num(r.baseScore())).append(" (not applicable: ").append(String.join(", ", sc.notApplicable()))
                    .append(")\n");
        }
        b.append("Why: ").append(r.starReason()).append("\n\nGates\n");
        for (RatingResult.GateResult g : r.gates()) {
            b.append(String.format("  [%s] %-18s ★%d  %s%n", g.met() ? "x" : " ", g.id(), g.star(), g.why()));
        }
        b.append("\nItems\n");
        String module = null;
        for (RatingResult.ItemResult i : r.items()) {
            String m = (i.bonus() ? "bonus · " : "") + i.module();
            if (!m.equals(module)) {
                b.append("  ").append(m).append('\n');
                module = m;
            }
            b.append(String.format("    %-22s %6s / %-4s %-6s %s%n", i.id(), i.notApplicable() ? "n/a" : num(i.points()), num(i.maxPoints()),
                    i.source(), i.evidence()));
        }
        b.append("\nData quality (online ≥ ").append(num(100 * r.dataQuality().minOnlineRate())).append(" %, gap ≤ ")
                .append(r.dataQuality().maxGapMinutes()).append(" min)\n");
        for (RatingResult.DeviceVerdict d : r.dataQuality().devices()) {
            b.append(String.format("  %-4s %-14s %-12s %s%n", !d.inService() ? "n/a" : d.ok() ? "ok" : "FAIL", d.deviceId(), d.kind(), d.why()));
        }
        return b.toString();
    }

    static String csv(RatingResult r) {
        StringBuilder b = new StringBuilder("section,id,module,points,max_points,met,explanation\n");
        b.append(row("rating", r.siteId(), "", num(r.score()), num(r.maxScore()), Integer.toString(r.stars()), r.starReason()));
        if (scaled(r)) {
            RatingResult.Scaling sc = r.scaling();
            b.append(row("scaling", "base", "", num(sc.earnedPoints()), num(sc.applicableMaxPoints()), "",
                    "× " + num(sc.baseMaxPoints()) + "/" + num(sc.applicableMaxPoints()) + " = " + num(r.baseScore())
                            + "; not applicable: " + String.join(" ", sc.notApplicable())));
        }
        r.gates().forEach(g -> b.append(row("gate", g.id(), "star " + g.star(), "", "", Boolean.toString(g.met()), g.why())));
        r.items().forEach(i -> b.append(row(i.bonus() ? "bonus" : "item", i.id(), i.module(), i.notApplicable() ? "n/a" : num(i.points()),
                num(i.maxPoints()), Boolean.toString(i.met()), i.evidence())));
        r.dataQuality().devices().forEach(d -> b.append(row("device", d.deviceId(), d.kind(), "", "",
                d.inService() ? Boolean.toString(d.ok()) : "n/a", d.why())));
        return b.toString();
    }

    private static String row(String... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            b.append(i == 0 ? "" : ",");
            b.append(c.contains(",") || c.contains("\"") || c.contains("\n") ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        return b.append('\n').toString();
    }

    /** Whether some item did not apply and base points were scaled (never for catalogues before 2026.1). */
    private static boolean scaled(RatingResult r) {
        return r.scaling() != null && !r.scaling().notApplicable().isEmpty();
    }


    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
