package io.sitewatch.supervision.letter;

import io.sitewatch.platform.pdf.HtmlPdf;
import io.sitewatch.supervision.risk.RiskLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A warning letter as a printable page (XHTML, so that the same page is what the PDF renders
 * through {@link HtmlPdf}): its number, addressee, title and body as drafted, the risk item it was
 * drafted from (model, window, score, each factor with its evidence), the deadline, the answer that
 * stands and the history. Chinese by default, English on asking. Pure: the caller gives the time.
 */
public final class LetterReport {

    private static final String CSS = """
            @page { size: A4; margin: 18mm 16mm 18mm 16mm;
              @bottom-center { content: counter(page) " / " counter(pages); font-family: "%s", sans-serif; font-size: 8pt; color: #666; } }
            body { font-family: "%s", "%s", system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
              font-size: 10.5pt; color: #111; margin: 2em auto; max-width: 46em; line-height: 1.6; }
            h1 { font-size: 18pt; text-align: center; margin: 0 0 0.3em; letter-spacing: 0.15em; color: #b00020; }
            p.no { text-align: center; margin: 0 0 1.2em; }
            h2 { font-size: 12pt; margin: 1.4em 0 0.4em; border-bottom: 1.2pt solid #14324f; padding-bottom: 2pt; }
            p.body { margin: 0.2em 0; text-indent: 2em; }
            p.body.salutation { text-indent: 0; font-weight: bold; }
            p.sign { text-align: right; margin-top: 2em; }
            table { border-collapse: collapse; width: 100%%; margin: 0.3em 0; table-layout: fixed; }
            th, td { border: 0.6pt solid #888; padding: 3pt 5pt; text-align: left; vertical-align: top; word-wrap: break-word; }
            th { background: #eef2f7; font-weight: bold; }
            table.facts th { width: 9em; }
            td.num { text-align: right; }
            .code { font-family: "%s", "%s", "DejaVu Sans Mono", monospace; font-size: 0.92em; }
            .overdue { color: #b00020; font-weight: bold; }
            .note { color: #555; font-size: 9pt; margin-top: 1.5em; }
            @media print { body { margin: 0; max-width: none; } }
            """.formatted(HtmlPdf.LATIN_FONT, HtmlPdf.LATIN_FONT, HtmlPdf.CJK_FONT, HtmlPdf.LATIN_FONT, HtmlPdf.CJK_FONT);

    /** The style element's text, the same in every letter: a Content-Security-Policy allows it by its hash. */
    static final String STYLE = "\n" + CSS;

    private LetterReport() {
    }

    /** The letter's one inline style element as a Content-Security-Policy source ({@code 'sha256-…'}). */
    public static String styleSource() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(STYLE.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] pdf(String page, String letterId) {
        return HtmlPdf.render(page, "warning letter " + letterId);
    }

    /** The page in Chinese, or English when {@code en}; {@code regionName} the letter's region by name. */
    public static String render(Letter l, List<LetterEvent> history, long now, boolean en, String regionName) {
        StringBuilder b = new StringBuilder(8192);
        String title = en ? l.titleEn() : l.title();
        b.append("<!DOCTYPE html>\n<html lang=\"").append(en ? "en" : "zh-CN").append("\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(esc(title + " · " + l.targetName())).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n");
        b.append("<p class=\"no\">").append(en ? "No. " : "编号：").append("<span class=\"code\">").append(esc(l.id())).append("</span>");
        if (l.state() == LetterState.DRAFT || l.state() == LetterState.WITHDRAWN) {
            b.append(en ? " (" + l.state().code() + ", not issued)" : l.state() == LetterState.DRAFT ? "（草稿，未下发）" : "（已撤回）");
        }
        b.append("</p>\n");
        String[] lines = (en ? l.bodyEn() : l.body()).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                b.append("<p class=\"body").append(i == 0 ? " salutation" : "").append("\">").append(esc(lines[i])).append("</p>\n");
            }
        }
        Long issued = l.issuedTs();
        b.append("<p class=\"sign\">").append(esc(en ? "Issued by " : "下发人：")).append(esc(l.issuedBy() == null ? "—" : l.issuedBy()))
                .append("<br/>").append(esc(issued == null ? "—" : day(issued).toString())).append("</p>\n");

        b.append("<h2>").append(en ? "Letter" : "函件信息").append("</h2>\n<table class=\"facts\">\n");
        row(b, en ? "Addressee" : "受函对象", esc(l.targetName()) + " <span class=\"code\">" + esc(l.targetId()) + "</span>"
                + " · " + esc(en ? l.scope() : Letter.PROJECT.equals(l.scope()) ? "项目" : "企业"));
        row(b, en ? "Region" : "所在区划", esc(regionName) + " <span class=\"code\">" + esc(l.region()) + "</span>");
        if (Letter.ENTERPRISE.equals(l.scope())) {
            row(b, en ? "Projects" : "涉及项目", code(String.join(", ", l.siteIds())));
        }
        row(b, en ? "State" : "状态", esc(state(l.state(), en)) + (l.overdueAt(now) ? " <span class=\"overdue\">" + (en ? "overdue" : "逾期未回复") + "</span>" : ""));
        row(b, en ? "Answer within" : "回复期限", esc(l.deadlineDays() + (en ? " days of issue" : " 日（自下发之日起）"))
                + (l.deadlineTs() == null ? "" : esc(en ? ", by " : "，截止 ") + esc(time(l.deadlineTs()))));
        row(b, en ? "Wording" : "文本版本", code(l.template()));
        b.append("</table>\n");

        RiskSnapshot f = l.facts();
        b.append("<h2>").append(en ? "The risk item it was drafted from" : "预警依据（起草时的风险评分）").append("</h2>\n<table class=\"facts\">\n");
        row(b, en ? "Risk model" : "预警模型", code(f.model()));
        row(b, en ? "Window" : "评分期间", esc(day(f.from()) + (en ? " to " : " 至 ") + day(f.to() - 1)));
        RiskLevel level = RiskLevel.of(f.score());
        row(b, en ? "Score" : "风险评分", esc(f.score().toPlainString()) + " · " + esc(en ? level.en() + " risk" : level.zh())
                + esc(en ? ", rank " + f.rank() + " of " + f.count() : "，第 " + f.rank() + " 位 / 共 " + f.count() + " 个"));
        b.append("</table>\n<table class=\"factors\">\n<thead><tr><th>").append(en ? "Factor" : "风险因素").append("</th><th class=\"num\">")
                .append(en ? "Value" : "指标值").append("</th><th class=\"num\">").append(en ? "Points" : "得分").append("</th><th>")
                .append(en ? "Evidence" : "依据").append("</th></tr></thead>\n<tbody>\n");
        for (RiskSnapshot.Factor x : f.factors()) {
            b.append("<tr><td>").append(esc(en ? x.nameEn() : x.name())).append("</td><td class=\"num\">").append(esc(LetterTemplate.number(x.value())))
                    .append("</td><td class=\"num\">").append(esc(x.contribution().toPlainString() + " / " + x.weight())).append("</td><td>")
                    .append(x.evidence().isEmpty() ? "—" : code(String.join(", ", x.evidence()))).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");

        if (l.answeredTs() != null) {
            b.append("<h2>").append(en ? "Answer" : "回复").append("</h2>\n<table class=\"facts\">\n");
            row(b, en ? "Answered" : "回复时间", esc(time(l.answeredTs())) + " · " + code(l.answeredBy())
                    + (l.deadlineTs() != null && l.answeredTs() > l.deadlineTs() ? " <span class=\"overdue\">" + (en ? "late" : "逾期回复") + "</span>" : ""));
            row(b, en ? "Text" : "整改情况", esc(l.answerText()));
            if (l.answerSha256() != null) {
                row(b, en ? "Attachment SHA-256" : "附件指纹（SHA-256）", code(l.answerSha256()));
            }
            b.append("</table>\n");
        }
        if (!history.isEmpty()) {
            b.append("<h2>").append(en ? "History" : "办理记录").append("</h2>\n<table class=\"history\">\n<thead><tr><th>")
                    .append(en ? "When" : "时间").append("</th><th>").append(en ? "Step" : "环节").append("</th><th>")
                    .append(en ? "By" : "办理人").append("</th><th>").append(en ? "Remark" : "说明").append("</th></tr></thead>\n<tbody>\n");
            for (LetterEvent e : history) {
                String remark = e.comment() != null ? e.comment() : e.text() != null ? e.text() : "";
                b.append("<tr><td>").append(esc(time(e.at()))).append("</td><td>").append(esc(transition(e.transition(), en)))
                        .append("</td><td>").append(code(e.by())).append("</td><td>").append(esc(remark)).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        b.append("<p class=\"note\">").append(esc(en ? "Printed by SiteWatch from the letter as issued; times are China Standard Time."
                : "本函由 SiteWatch 按下发时的内容生成，时间为北京时间。")).append("</p>\n");
        return b.append("</body>\n</html>\n").toString();
    }

    static String state(LetterState s, boolean en) {
        if (en) {
            return s.code();
        }
        return switch (s) {
            case DRAFT -> "草稿";
            case ISSUED -> "已下发，待回复";
            case ANSWERED -> "已回复，待办结";
            case CLOSED -> "已办结";
            case WITHDRAWN -> "已撤回";
        };
    }

    static String transition(String t, boolean en) {
        if (en) {
            return t;
        }
        return switch (t) {
            case LetterMachine.DRAFTED -> "起草";
            case LetterMachine.ISSUED -> "下发";
            case LetterMachine.ANSWERED -> "回复";
            case LetterMachine.RETURNED -> "退回";
            case LetterMachine.CLOSED -> "办结";
            case LetterMachine.WITHDRAWN -> "撤回";
            default -> t;
        };
    }

    private static void row(StringBuilder b, String label, String html) {
        b.append("<tr><th>").append(esc(label)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static String code(String s) {
        return "<span class=\"code\">" + esc(s) + "</span>";
    }

    private static LocalDate day(long ms) {
        return LetterTemplate.date(ms);
    }

    private static String time(long ms) {
        return Instant.ofEpochMilli(ms).atZone(LetterTemplate.ZONE).toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
