package io.sitewatch.supervision.risk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Warning letters (警示函) as the risk model sees them: the letter workflow implements it, the risk
 * data reads it, so neither depends on the other's classes.
 */
public interface LetterFacts {

    /** No letters at all (a composition without the letter workflow). */
    LetterFacts NONE = (from, to) -> Map.of();

    /**
     * Per project id: the letters addressed to the project (a letter to an enterprise counts for
     * each of its projects) whose answer deadline fell before {@code to} and that had no answer by
     * their deadline, as of {@code to}. Blocking.
     */
    Map<String, List<OverdueLetter>> overdue(Instant from, Instant to);

    /** One letter not answered by its deadline; {@code answeredAt} is null while still unanswered. */
    record OverdueLetter(String letterId, Instant deadline, Instant answeredAt) {}
}
