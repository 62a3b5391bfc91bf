package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.eval.AlarmLifecycle;
import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.rule.RuleType;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.core.registry.OperatorCert;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Who is at the controls of each machine: {@code operator_login} and {@code operator_logout}
 * events and the certificate check made at login. A certificate must be known, valid on the
 * site's calendar day of the login, and of the kind the machine needs. Two alarms follow from the
 * session: a login with a certificate that fails the check ({@code operator_certificate}), and a
 * machine operating with no valid operator logged in ({@code no_operator}). All times are the
 * events' and samples' device time.
 */
final class OperatorSessions {

    private final AlarmEngine engine;
    private final OpenAlarms alarms;

    OperatorSessions(AlarmEngine engine, OpenAlarms alarms) {
        this.engine = engine;
        this.alarms = alarms;
    }

    /** At start-up: the last login or logout stored for the machine; the certificate is checked again. */
    void restore(DeviceState d, StateLoader.OperatorSession session) {
        if (session != null && session.loggedIn()) {
            d.operator = session.certNo();
            d.operatorValid = certificateProblem(d, session.certNo(), session.ts()) == null;
        }
    }

    void login(DeviceState d, String certNo, long ts, long receivedAt) {
        String problem = certificateProblem(d, certNo, ts);
        d.operator = certNo;
        d.operatorValid = problem == null;
        AlarmRule cert = d.first(engine.rules(), RuleType.OPERATOR_CERTIFICATE);
        if (cert != null) {
            Verdict v = problem == null ? Verdict.clear(1, 1) : AlarmLifecycle.raise(Level.ALARM, 0, 1,
                    "operator_login with certificate " + certNo + ": " + problem);
            alarms.step(d, d.rule(cert), v, ts, receivedAt);
        }
        if (problem == null) {
            AlarmRule none = d.first(engine.rules(), RuleType.NO_OPERATOR);
            if (none != null) {
                alarms.step(d, d.rule(none), Verdict.clear(0, none.operatingAbove()), ts, receivedAt);
            }
        }
    }

    /** Nobody at the controls: a certificate alarm has nothing left to be about. */
    void logout(DeviceState d, long ts, long receivedAt) {
        d.operator = null;
        d.operatorValid = false;
        AlarmRule cert = d.first(engine.rules(), RuleType.OPERATOR_CERTIFICATE);
        if (cert != null) {
            alarms.step(d, d.rule(cert), Verdict.clear(0, 0), ts, receivedAt);
        }
    }

    /**
     * The no_operator rule on one sample of its metric: operating (above the rule's level) with no
     * valid operator raises; the alarm clears once the machine has been idle for the rule's clear
     * duration of device time.
     */
    void judge(DeviceState d, DeviceRule r, double value, long ts, long receivedAt) {
        AlarmRule rule = r.rule();
        double magnitude = rule.abs() ? Math.abs(value) : value;
        boolean operating = magnitude > rule.operatingAbove();
        if (operating) {
            d.lastOperationTs = Math.max(d.lastOperationTs, ts);
            if (!d.operatorValid) {
                Alarm open = d.open.get(r.alarmKey());
                // Only a raise or an escalation shows the detail: not built for every sample while the alarm is open.
                String detail = !Level.ALARM.above(open == null ? null : open.level()) ? null
                        : "operating (" + rule.metric() + " " + value + ") with no valid operator logged in"
                                + (d.operator == null ? "" : "; logged in: " + d.operator);
                alarms.step(d, r, open, AlarmLifecycle.raise(Level.ALARM, value, rule.operatingAbove(), detail), ts, receivedAt);
            }
        } else if (d.open.containsKey(r.alarmKey()) && ts - d.lastOperationTs >= rule.clear().durationMs()) {
            alarms.step(d, r, Verdict.clear(value, rule.operatingAbove()), ts, receivedAt);
        }
    }

    /** Why a certificate does not allow this device to be operated at {@code ts}, or null when it does. */
    private String certificateProblem(DeviceState d, String certNo, long ts) {
        AlarmRule rule = d.first(engine.rules(), RuleType.OPERATOR_CERTIFICATE);
        OperatorCert cert = certNo == null || certNo.isBlank() ? null : engine.registry().operator(certNo);
        if (cert == null) {
            return "unknown certificate";
        }
        LocalDate day = Instant.ofEpochMilli(ts).atZone(d.zone()).toLocalDate();
        if (cert.validTo() != null && day.isAfter(LocalDate.parse(cert.validTo()))) {
            return "expired on " + cert.validTo();
        }
        if (cert.validFrom() != null && day.isBefore(LocalDate.parse(cert.validFrom()))) {
            return "not valid before " + cert.validFrom();
        }
        java.util.List<String> needed = rule == null ? null : rule.certificateKinds().get(d.device().kind());
        if (needed != null && !needed.contains(cert.kind())) {
            return "a " + cert.kind() + " certificate does not cover a " + d.device().kind() + " (needs "
                    + String.join(" or ", needed) + ")";
        }
        return null;
    }
}
