package io.sitewatch.supervision.letter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The letter's life as a pure function of its state: every allowed step, and every step refused. */
class LetterMachineTest {

    static final long DAY = 86_400_000L;
    static final long T0 = 1_780_000_000_000L;

    static Letter draft() {
        RiskSnapshot facts = new RiskSnapshot("2026.1", T0 - 30 * DAY, T0, new BigDecimal("55.00"), "orange", 1, 20, List.of());
        return new Letter("WL-000001", Letter.PROJECT, "RK-07", "预警测试项目7", "350102", List.of("RK-07"), LetterState.DRAFT, "2026.1",
                "安全生产风险警示函", "Warning letter", "正文", "body", facts, 15, "fz", T0, null, null, null, null, null, null, null, null);
    }

    @Test
    void aLetterGoesFromDraftToClosedWithWhoAndWhenAtEachStep() {
        LetterMachine.Step issued = LetterMachine.issue(draft(), "fz", T0 + 1000);
        assertEquals(LetterState.ISSUED, issued.letter().state());
        assertEquals(T0 + 1000, issued.letter().issuedTs());
        assertEquals(T0 + 1000 + 15 * DAY, issued.letter().deadlineTs());
        assertEquals("issued", issued.event().transition());
        assertEquals("fz", issued.event().by());

        LetterMachine.Step answered = LetterMachine.answer(issued.letter(), "rk-safety", T0 + 2 * DAY, "已整改", "ab".repeat(32));
        assertEquals(LetterState.ANSWERED, answered.letter().state());
        assertEquals("rk-safety", answered.letter().answeredBy());
        assertEquals("ab".repeat(32), answered.event().attachmentSha256());
        assertEquals("已整改", answered.event().text());

        LetterMachine.Step closed = LetterMachine.close(answered.letter(), "fz", T0 + 3 * DAY, "整改到位");
        assertEquals(LetterState.CLOSED, closed.letter().state());
        assertEquals(T0 + 3 * DAY, closed.letter().closedTs());
        assertEquals("已整改", closed.letter().answerText());
        assertEquals("整改到位", closed.event().comment());
        assertEquals("closed", closed.event().state());
    }

    @Test
    void aReturnedAnswerIsIssuedAgainUnderTheFirstDeadline() {
        Letter issued = LetterMachine.issue(draft(), "fz", T0).letter();
        Letter answered = LetterMachine.answer(issued, "rk-safety", T0 + DAY, "已整改", null).letter();
        LetterMachine.Step back = LetterMachine.returnAnswer(answered, "fz", T0 + 2 * DAY, "未附证明材料");
        assertEquals(LetterState.ISSUED, back.letter().state());
        assertEquals(issued.deadlineTs(), back.letter().deadlineTs());
        assertNull(back.letter().answeredTs());
        assertNull(back.letter().answerText());
        assertEquals("returned", back.event().transition());
        assertEquals("未附证明材料", back.event().comment());
        // and may be answered again
        assertEquals(LetterState.ANSWERED, LetterMachine.answer(back.letter(), "rk-safety", T0 + 3 * DAY, "补充", null).letter().state());
    }

    @Test
    void aDraftIsWithdrawnAndThenNothingElse() {
        Letter withdrawn = LetterMachine.withdraw(draft(), "fz", T0).letter();
        assertEquals(LetterState.WITHDRAWN, withdrawn.state());
        for (Function<Letter, LetterMachine.Step> step : steps()) {
            assertThrows(LetterMachine.StateException.class, () -> step.apply(withdrawn));
        }
    }

    @Test
    void eachStepRefusesEveryStateItDoesNotStartFrom() {
        Letter d = draft();
        Letter i = LetterMachine.issue(d, "fz", T0).letter();
        Letter a = LetterMachine.answer(i, "s", T0, "x", null).letter();
        Letter c = LetterMachine.close(a, "fz", T0, null).letter();
        // issue: only a draft
        for (Letter l : List.of(i, a, c)) {
            assertEquals("not_draft", assertThrows(LetterMachine.StateException.class, () -> LetterMachine.issue(l, "fz", T0)).code());
            assertEquals("not_draft", assertThrows(LetterMachine.StateException.class, () -> LetterMachine.withdraw(l, "fz", T0)).code());
        }
        // answer: only issued
        for (Letter l : List.of(d, a, c)) {
            assertEquals("not_issued", assertThrows(LetterMachine.StateException.class, () -> LetterMachine.answer(l, "s", T0, "x", null)).code());
        }
        // close and return: only answered
        for (Letter l : List.of(d, i, c)) {
            assertEquals("not_answered", assertThrows(LetterMachine.StateException.class, () -> LetterMachine.close(l, "fz", T0, null)).code());
            assertEquals("not_answered", assertThrows(LetterMachine.StateException.class,
                    () -> LetterMachine.returnAnswer(l, "fz", T0, "r")).code());
        }
    }

    @Test
    void overdueIsIssuedAndUnansweredPastTheDeadline() {
        Letter i = LetterMachine.issue(draft(), "fz", T0).letter();
        assertFalse(draft().overdueAt(T0 + 100 * DAY));
        assertFalse(i.overdueAt(i.deadlineTs() - 1));
        assertTrue(i.overdueAt(i.deadlineTs()));
        Letter a = LetterMachine.answer(i, "s", i.deadlineTs() + DAY, "迟到的回复", null).letter();
        assertFalse(a.overdueAt(i.deadlineTs() + 2 * DAY));
    }

    private static List<Function<Letter, LetterMachine.Step>> steps() {
        return List.of(l -> LetterMachine.issue(l, "fz", T0), l -> LetterMachine.answer(l, "s", T0, "x", null),
                l -> LetterMachine.returnAnswer(l, "fz", T0, "r"), l -> LetterMachine.close(l, "fz", T0, null),
                l -> LetterMachine.withdraw(l, "fz", T0));
    }
}
