package io.sitewatch.rating.report;

import io.sitewatch.core.region.Regions;
import io.sitewatch.platform.pdf.HtmlPdf;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.text.Lang;
import io.sitewatch.rating.text.Messages;
import io.sitewatch.rating.text.Msg;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The 评价报告 as a printable page (XHTML, so that the same page is what the PDF renders): the
 * project's facts (name, site id, builder, region by name, cost in 万元/亿元, the window in the
 * site's own dates, catalogue and version), the result and its verdict, the gates, every item with
 * its evidence and the devices' data quality, all in one language. Identifiers that no translation
 * changes (site, device and catalogue ids, people's names as registered) are marked
 * {@code class="code"}, units {@code class="unit"}.
 *
 * <p>A rating made before its texts were messages (no {@code *Text} fields) is shown with its
 * sentences as recorded, in English, and says so.
 */
final class ReportDocument {

    /** Font families the PDF registers (the browser has none of them and uses the ones after). */
    static final String LATIN_FONT = HtmlPdf.LATIN_FONT;
    static final String CJK_FONT = HtmlPdf.CJK_FONT;

    private static final String CSS = """
            @page { size: A4; margin: 16mm 14mm 18mm 14mm;
              @bottom-center { content: counter(page) " / " counter(pages); font-family: "%s", sans-serif; font-size: 8pt; color: #666; } }
            body { font-family: "%s", "%s", system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
              font-size: 10pt; color: #111; margin: 2em auto; max-width: 60em; line-height: 1.45; }
            h1 { font-size: 17pt; text-align: center; margin: 0 0 0.6em; letter-spacing: 0.1em; }
            h2 { font-size: 12pt; margin: 1.2em 0 0.4em; border-bottom: 1.5pt solid #14324f; padding-bottom: 2pt; }
            table { border-collapse: collapse; width: 100%%; margin: 0.3em 0; }
            th, td { border: 0.6pt solid #888; padding: 3pt 5pt; text-align: left; vertical-align: top; }
            th { background: #eef2f7; font-weight: bold; }
            thead { display: table-header-group; }
            tr { page-break-inside: avoid; }
            table.facts th { width: 8em; }
            table.items, table.gates, table.quality { table-layout: fixed; }
            table.items th.c1 { width: 22%%; } table.items th.c2 { width: 11%%; } table.items th.c3 { width: 11%%; }
            table.gates th.c1 { width: 28%%; } table.gates th.c2 { width: 10%%; }
            table.quality th.c1 { width: 16%%; } table.quality th.c2 { width: 16%%; } table.quality th.c3 { width: 10%%; }
            table.quality th.c4 { width: 11%%; }
            td.num { text-align: right; white-space: nowrap; }
            tr.module td { background: #f5f7fa; font-weight: bold; }
            .evidence { font-size: 9pt; }
            .no { color: #b00020; } .yes { color: #1f7a3f; } .na { color: #666; }
            .stars { color: #c98a00; letter-spacing: 1pt; }
            .code { font-family: "%s", "%s", "DejaVu Sans Mono", monospace; font-size: 0.92em; }
            .code.quote { font-family: inherit; font-size: inherit; }
            .sub { color: #555; font-size: 9pt; }
            .note { color: #555; font-size: 9pt; margin-top: 1.5em; }
            .sign { margin-top: 2.5em; width: 100%%; }
            .sign td { border: none; padding: 1.2em 0 0; width: 50%%; }
            @media print { body { margin: 0; max-width: none; } }
            """.formatted(LATIN_FONT, LATIN_FONT, CJK_FONT, LATIN_FONT, CJK_FONT);

    /** The style element's text, the same in every report: a Content-Security-Policy allows it by its hash. */
    static final String STYLE = "\n" + CSS;

    private final RatingResult r;
    private final RatingReport.Heading h;
    private final Lang lang;
    private final Messages m = Messages.get();

    private ReportDocument(RatingResult r, RatingReport.Heading h, Lang lang) {
        this.r = r;
        this.h = h;
        this.lang = lang;
    }

    static String render(RatingResult r, RatingReport.Heading heading, Lang lang) {
        return new ReportDocument(r, heading, lang).page();
    }

    private String page() {
        StringBuilder b = new StringBuilder(16_384);
        String title = label("report.title") + " · " + (h != null && h.name() != null ? h.name() : r.siteId());
        b.append("<!DOCTYPE html>\n<html lang=\"").append(lang == Lang.ZH ? "zh-CN" : "en").append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(esc(title)).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1 class=\"report\">").append(esc(label("report.title"))).append("</h1>\n");
        facts(b);
        if (r.starReasonText() == null) {
            b.append("<p class=\"note legacy\">").append(esc(label("report.legacy"))).append("</p>\n");
        }
        scaling(b);
        gates(b);
        items(b);
        quality(b);
        b.append("<p class=\"note\">").append(esc(label("report.generated"))).append("</p>\n");
        b.append("<table class=\"sign\"><tr><td>").append(esc(label("report.signature"))).append("：</td><td>")
                .append(esc(label("report.signature.date"))).append("：</td></tr></table>\n");
        return b.append("</body>\n</html>\n").toString();
    }

    private void facts(StringBuilder b) {
        b.append("<h2>").append(esc(label("report.facts"))).append("</h2>\n<table class=\"facts\">\n");
        String name = h != null && h.name() != null ? h.name() : null;
        if (name != null) {
            row(b, "report.project", "<b>" + esc(name) + "</b>");
        }
        row(b, "report.site_id", code(r.siteId()));
        if (h != null && h.enterprise() != null) {
            row(b, "report.enterprise", esc(h.enterprise()));
        }
        if (h != null && h.region() != null) {
            row(b, "report.region", esc(regionPath(h.region(), lang)) + " <span class=\"sub\">" + code(h.region()) + "</span>");
        }
        if (h != null && h.costCny() != null) {
            row(b, "report.cost", esc(Messages.cny(h.costCny(), lang)));
        }
        ZoneId zone = ZoneId.of(h == null || h.timezone() == null ? "Asia/Shanghai" : h.timezone());
        LocalDate from = Instant.ofEpochMilli(r.from()).atZone(zone).toLocalDate();
        LocalDate to = Instant.ofEpochMilli(r.to() - 1).atZone(zone).toLocalDate();
        row(b, "report.window", html(Msg.of("report.window.value", "from", from.toString(), "to", to.toString(), "zone", zone.getId())));
        row(b, "report.catalogue", html(Msg.of("report.catalogue.value", "label", r.catalogueLabel(), "version", (long) r.catalogueVersion())));
        Msg star = r.starText() != null ? r.starText() : r.stars() == 0 ? Msg.of("stars.none") : Msg.of("stars.n", "n", (long) r.stars());
        row(b, "report.result", "<span class=\"stars\">" + "★".repeat(r.stars()) + "☆".repeat(Math.max(0, 3 - r.stars())) + "</span> "
                + html(Msg.of("report.result.value", "star", star, "score", r.score(), "max", r.maxScore())));
        row(b, "report.score", html(Msg.of("report.score.value", "score", r.score(), "max", r.maxScore(), "base", r.baseScore(),
                "bonus", r.bonusScore())));
        row(b, "report.reason", text(r.starReasonText(), r.starReason()));
        b.append("</table>\n");
    }

    private void scaling(StringBuilder b) {
        RatingResult.Scaling sc = r.scaling();
        if (sc == null || sc.notApplicable().isEmpty()) {
            return;
        }
        List<Object> names = new ArrayList<>();
        sc.notApplicable().forEach(id -> names.add(itemName(id)));
        b.append("<p class=\"scaling\">").append(html(Msg.of("report.scaling", "items", names, "applicable", sc.applicableMaxPoints(),
                "earned", sc.earnedPoints(), "max", sc.baseMaxPoints(), "base", r.baseScore()))).append("</p>\n");
    }

    private void gates(StringBuilder b) {
        b.append("<h2>").append(esc(label("report.gates"))).append("</h2>\n");
        table(b, "gates", "report.gate", "report.met", "report.why");
        for (RatingResult.GateResult g : r.gates()) {
            b.append("<tr data-gate=\"").append(esc(g.id())).append("\"><td>")
                    .append(g.nameText() != null ? html(g.nameText()) : code(g.id())).append("</td><td class=\"")
                    .append(g.met() ? "yes\">" : "no\">").append(esc(label(g.met() ? "report.yes" : "report.no"))).append("</td><td class=\"evidence\">")
                    .append(text(g.whyText(), g.why())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private void items(StringBuilder b) {
        b.append("<h2>").append(esc(label("report.items"))).append("</h2>\n");
        table(b, "items", "report.item", "report.points", "report.source", "report.evidence");
        String module = null;
        for (RatingResult.ItemResult i : r.items()) {
            String key = (i.bonus() ? "bonus:" : "") + i.module();
            if (!Objects.equals(key, module)) {
                module = key;
                String name = i.moduleText() != null ? html(i.moduleText()) : esc(i.module());
                b.append("<tr class=\"module\"><td colspan=\"4\">").append(i.bonus() ? esc(label("report.bonus")) + " · " : "")
                        .append(name).append("</td></tr>\n");
            }
            String points;
            if (i.notApplicable()) {
                points = "<span class=\"na\">" + esc(label("report.na")) + "</span> / " + Messages.num(i.maxPoints());
            } else {
                points = "<span class=\"" + (i.met() ? "yes" : "no") + "\">" + Messages.num(i.points()) + "</span> / " + Messages.num(i.maxPoints())
                        + (RatingResult.NO_EVIDENCE.equals(i.status()) ? "<br/><span class=\"na\">" + esc(label("report.no_evidence")) + "</span>" : "");
            }
            b.append("<tr data-item=\"").append(esc(i.id())).append("\"><td>")
                    .append(i.nameText() != null ? html(i.nameText()) : esc(i.name() == null ? i.id() : i.name()))
                    .append("</td><td class=\"num\">").append(points).append("</td><td>")
                    .append(esc(label("manual".equals(i.source()) ? "report.source.manual" : "report.source.auto")))
                    .append("</td><td class=\"evidence\">").append(text(i.evidenceText(), i.evidence())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private void quality(StringBuilder b) {
        RatingResult.DataQuality q = r.dataQuality();
        if (q == null || q.devices().isEmpty()) {
            return;
        }
        b.append("<h2>").append(esc(label("report.quality"))).append("</h2>\n<p class=\"sub\">")
                .append(html(Msg.of("report.quality.rule", "rate", q.minOnlineRate(), "gap", (long) q.maxGapMinutes())))
                .append("</p>\n");
        table(b, "quality", "report.device", "report.kind", "report.online", "report.gap", "report.verdict");
        for (RatingResult.DeviceVerdict d : q.devices()) {
            String verdict = !d.inService() ? "<span class=\"na\">" + esc(label("report.away")) + "</span>"
                    : "<span class=\"" + (d.ok() ? "yes\">" : "no\">") + esc(label(d.ok() ? "report.ok" : "report.fails")) + "</span>";
            b.append("<tr data-device=\"").append(esc(d.deviceId())).append("\"><td>").append(code(d.deviceId())).append("</td><td>")
                    .append(esc(kind(d.kind()))).append("</td><td class=\"num\">").append(Messages.percent(d.onlineRate(), 1))
                    .append("<span class=\"unit\">%</span></td><td class=\"num\">")
                    .append(html(Msg.of("report.gap.value", "n", d.longestGapMinutes()))).append("</td><td class=\"evidence\">")
                    .append(verdict).append("<br/>").append(text(d.whyText(), d.why())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    /** A table's start: its class and its column heads (c1, c2, … for their widths). */
    private void table(StringBuilder b, String cls, String... heads) {
        b.append("<table class=\"").append(cls).append("\">\n<thead><tr>");
        for (int i = 0; i < heads.length; i++) {
            b.append("<th class=\"c").append(i + 1).append("\">").append(esc(label(heads[i]))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
    }

    private void row(StringBuilder b, String label, String valueHtml) {
        b.append("<tr><th>").append(esc(label(label))).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private Object itemName(String id) {
        return r.items().stream().filter(i -> i.id().equals(id)).findFirst()
                .map(i -> (Object) (i.nameText() != null ? i.nameText() : Msg.name(i.name(), id))).orElse(id);
    }

    private String kind(String kind) {
        String name = m.template("kind." + kind, lang);
        return name == null ? kind : name;
    }

    private String label(String id) {
        return m.text(Msg.of(id), lang);
    }

    private String html(Msg msg) {
        return m.render(msg, lang).html();
    }

    /** A message in this language, or the sentence as recorded (ratings made before texts were messages). */
    private String text(Msg msg, String recorded) {
        return msg != null ? html(msg) : esc(recorded == null ? "" : recorded);
    }

    private static String code(String s) {
        return "<span class=\"code\">" + esc(s) + "</span>";
    }

    /** 福建省 福州市 鼓楼区 (Fujian, Fuzhou, Gulou) from the bundled divisions; the code when it is not listed. */
    static String regionPath(String code, Lang lang) {
        Regions regions = Regions.bundled();
        List<String> names = new ArrayList<>();
        for (Regions.Region x = regions.get(code); x != null; x = regions.get(x.parent())) {
            names.add(0, lang == Lang.ZH ? x.zh() : x.en());
        }
        if (names.isEmpty()) {
            return code;
        }
        if (lang == Lang.EN) {
            java.util.Collections.reverse(names);
            return String.join(", ", names);
        }
        return String.join(" ", names);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
