package io.sitewatch.rating.score;

import io.sitewatch.rating.catalogue.DataQualityRules;
import io.sitewatch.rating.evidence.DeviceQuality;

/** Lets evidence tests judge a device the way the scorer does. */
public final class TestAccess {

    private TestAccess() {
    }

    public static RatingResult.DeviceVerdict judge(DeviceQuality q, DataQualityRules rules) {
        return DataQualityJudge.judge(q, rules);
    }
}
