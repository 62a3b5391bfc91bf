package io.sitewatch.rating.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A computed rating in the shape of http-api.md "Ratings": stars, score, gates, items and the
 * data-quality summary, plus which catalogue version produced it and why the star is what it is.
 * Fields added with catalogue 2026.1 are left out of the JSON when absent, so that a result of an
 * older catalogue serialises exactly as it did.
 *
 * @param baseScore after scaling, when the catalogue scales for items that do not apply
 * @param scaling   how base points were scaled for items that do not apply; null for catalogues without such items (2025.1)
 */
public record RatingResult(String siteId, long from, long to, int catalogueVersion, String catalogueLabel,
                           int stars, double score, double maxScore, double baseScore, double bonusScore,
                           String starReason, List<GateResult> gates, List<ItemResult> items, DataQuality dataQuality,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Scaling scaling) {

    /** {@link ItemResult#status()}: the item does not apply to the project (it leaves the maximum and the star requirements). */
    public static final String NOT_APPLICABLE = "not_applicable";
    /** {@link ItemResult#status()}: nothing to measure; scored by the catalogue's {@code noEvidence} rule. */
    public static final String NO_EVIDENCE = "no_evidence";

    public record GateResult(String id, int star, boolean met, String why) {
    }

    /**
     * @param met    for mandatory use: a system that passed data quality, any other item that earned points
     * @param status null when scored from its evidence; {@link #NOT_APPLICABLE} or {@link #NO_EVIDENCE}
     */
    public record ItemResult(String id, String module, String name, String source, boolean bonus, double points,
                             double maxPoints, boolean met, String evidence,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String status) {

        public ItemResult(String id, String module, String name, String source, boolean bonus, double points,
                          double maxPoints, boolean met, String evidence) {
            this(id, module, name, source, bonus, points, maxPoints, met, evidence, null);
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
     */
    public record DeviceVerdict(String deviceId, String kind, double onlineRate, long longestGapMinutes,
                                Double periodS, boolean ok, String why,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String schedule,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Long expectedMinutes) {

        public DeviceVerdict(String deviceId, String kind, double onlineRate, long longestGapMinutes,
                             Double periodS, boolean ok, String why) {
            this(deviceId, kind, onlineRate, longestGapMinutes, periodS, ok, why, null, null);
        }

        /** Whether it counts for its system: it had time to report in the window. */
        public boolean inService() {
            return expectedMinutes == null || expectedMinutes > 0;
        }
    }
}
