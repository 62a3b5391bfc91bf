/**
 * Warning letters (警示函): a regulator drafts one from a risk item of the early-warning ranking
 * (its facts and evidence copied, its text rendered from a versioned template that is data), issues
 * it to the project or enterprise, the site answers by the deadline, the regulator closes it or
 * returns the answer ({@link io.sitewatch.supervision.letter.LetterMachine}, pure). The letters
 * overdue are what the risk model reads through {@link io.sitewatch.supervision.risk.LetterFacts}
 * ({@link io.sitewatch.supervision.letter.LetterStore}). Each letter prints as HTML and PDF.
 */
package io.sitewatch.supervision.letter;
