package io.sitewatch.rating.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sitewatch.rating.text.Msg;
import java.util.List;

/**
 * A computed rating in the shape of http-api.md "Ratings": stars, score, gates, items and the
 * data-quality summary, plus which catalogue version produced it and why the star is what it is.
 * Fields added with catalogue 2026.1 are left out of the JSON when absent, so that a result of an
 * older catalogue serialises exactly as it did.
 *
 * @param baseScore after scaling, when the catalogue scales for items that do not apply
 * @param scaling   how base points were scaled for items that do not apply; null for catalogues without such items (2025.1)
 * @param starReasonText {@code starReason} in Chinese and English ({@link Msg}); the {@code *Text}
 *                  fields are null for ratings made from evidence taken before texts were messages
 *                  ({@link io.sitewatch.rating.evidence.Evidence#localized()}), and then absent
 * @param starText  the name of the star level reached (三星级 · Three stars; 无星级 · No star)
 */
public record RatingResult(String siteId, long from, long to, int catalogueVersion, String catalogueLabel,
                           int stars, double score, double maxScore, double baseScore, double bonusScore,
                           String starReason, List<GateResult> gates, List<ItemResult> items, DataQuality dataQuality,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Scaling scaling,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Msg starReasonText,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Msg starText) {

    public RatingResult(String siteId, long from, long to, int catalogueVersion, String catalogueLabel,
                        int stars, double score, double maxScore, double baseScore, double bonusScore,
                        String starReason, List<GateResult> gates, List<ItemResult> items, DataQuality dataQuality,
                        Scaling scaling) {
        this(siteId, from, to, catalogueVersion, catalogueLabel, stars, score, maxScore, baseScore, bonusScore, starReason, gates,
                items, dataQuality, scaling, null, null);
    }

    /** {@link ItemResult#status()}: the item does not apply to the project (it leaves the maximum and the star requirements). */
    public static final String NOT_APPLICABLE = "not_applicable";
    /** {@link ItemResult#status()}: nothing to measure; scored by the catalogue's {@code noEvidence} rule. */
    public static final String NO_EVIDENCE = "no_evidence";

    /**
     * @param nameText the gate's name in Chinese and English (catalogue data)
     * @param whyText  {@code why} in Chinese and English
     */
    public record GateResult(String id, int star, boolean met, String why,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Msg nameText,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Msg whyText) {

        public GateResult(String id, int star, boolean met, String why) {
            this(id, star, met, why, null, null);
        }
    }

    /**
     * @param met    for mandatory use: a system that passed data quality, any other item that earned points
     * @param status null when scored from its evidence; {@link #NOT_APPLICABLE} or {@link #NO_EVIDENCE}
     * @param nameText     its name in Chinese and English (catalogue data)
     * @param moduleText   its module's name in Chinese and English (catalogue data)
     * @param evidenceText {@code evidence} in Chinese and English
     */
    public record ItemResult(String id, String module, String name, String source, boolean bonus, double points,
                             double maxPoints, boolean met, String evidence,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String status,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Msg nameText,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Msg moduleText,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Msg evidenceText) {

        public ItemResult(String id, String module, String name, String source, boolean bonus, double points,
                          double maxPoints, boolean met, String evidence) {
            this(id, module, name, source, bonus, points, maxPoints, met, evidence, null);
        }

        public ItemResult(String id, String module, String name, String source, boolean bonus, double points,
                          double maxPoints, boolean met, String evidence, String status) {
            this(id, module, name, source, bonus, points, maxPoints, met, evidence, status, null, null, null);
        }

        public boolean notApplicable() {
            return NOT_APPLICABLE.equals(status);
        }
    }

    /**
     * Base points when some items do not apply (catalogue {@code notApplicable: scale}): {@code
     * earnedPoints} of the {@code applicableMaxPoints} the applicable items offer, times {@code
     * factor} = {@code baseMaxPoints / applicableMaxPoints}, is the base score.
     */
    public record Scaling(double earnedPoints, double applicableMaxPoints, double baseMaxPoints, double factor,
                          List<String> notApplicable) {
    }

    public record DataQuality(double minOnlineRate, int maxGapMinutes, long serviceFrom, long serviceTo,
                              List<DeviceVerdict> devices) {
    }

    /**
     * @param schedule        {@code continuous} or {@code working_hours}; null for evidence measured before 2026.1
     * @param expectedMinutes minutes it was expected to report in the window (0: not in service); null before 2026.1
     * @param whyText         {@code why} in Chinese and English
     */
    public record DeviceVerdict(String deviceId, String kind, double onlineRate, long longestGapMinutes,
                                Double periodS, boolean ok, String why,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String schedule,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Long expectedMinutes,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Msg whyText) {

        public DeviceVerdict(String deviceId, String kind, double onlineRate, long longestGapMinutes,
                             Double periodS, boolean ok, String why) {
            this(deviceId, kind, onlineRate, longestGapMinutes, periodS, ok, why, null, null, null);
        }

        public DeviceVerdict(String deviceId, String kind, double onlineRate, long longestGapMinutes,
                             Double periodS, boolean ok, String why, String schedule, Long expectedMinutes) {
            this(deviceId, kind, onlineRate, longestGapMinutes, periodS, ok, why, schedule, expectedMinutes, null);
        }

        /** The same verdict with its text. */
        DeviceVerdict withText(Msg text) {
            return new DeviceVerdict(deviceId, kind, onlineRate, longestGapMinutes, periodS, ok, why, schedule, expectedMinutes, text);
        }

        /** Whether it counts for its system: it had time to report in the window. */
        public boolean inService() {
            return expectedMinutes == null || expectedMinutes > 0;
        }
    }
}
