package io.sitewatch.rating.score;

import java.util.List;

/**
 * A computed rating in the shape of http-api.md "Ratings": stars, score, gates, items and the
 * data-quality summary, plus which catalogue version produced it and why the star is what it is.
 */
public record RatingResult(String siteId, long from, long to, int catalogueVersion, String catalogueLabel,
                           int stars, double score, double maxScore, double baseScore, double bonusScore,
                           String starReason, List<GateResult> gates, List<ItemResult> items, DataQuality dataQuality) {

    public record GateResult(String id, int star, boolean met, String why) {
    }

    /**
     * @param met for mandatory use: a system that passed data quality, any other item that earned points
     */
    public record ItemResult(String id, String module, String name, String source, boolean bonus, double points,
                             double maxPoints, boolean met, String evidence) {
    }

    public record DataQuality(double minOnlineRate, int maxGapMinutes, long serviceFrom, long serviceTo,
                              List<DeviceVerdict> devices) {
    }

    public record DeviceVerdict(String deviceId, String kind, double onlineRate, long longestGapMinutes,
                                Double periodS, boolean ok, String why) {
    }
}
