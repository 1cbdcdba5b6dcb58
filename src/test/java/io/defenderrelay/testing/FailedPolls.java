package io.defenderrelay.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Splits what a target saw by the failure reports of the polls that caused it: polls of a tenant never overlap. */
public final class FailedPolls {
    private FailedPolls() {
    }

    /**
     * For each report, how many attempts came after the report before it and before this one: the attempts of each
     * failed poll. Attempts after the last report (a poll still running, or one that succeeded) are not counted.
     */
    public static List<Long> attemptsPerPoll(List<Instant> attempts, List<CapturedLog.Line> reports) {
        List<Long> counts = new ArrayList<>();
        Instant previous = Instant.MIN;
        for (CapturedLog.Line report : reports) {
            Instant from = previous;
            counts.add(attempts.stream().filter(at -> at.isAfter(from) && at.isBefore(report.at())).count());
            previous = report.at();
        }
        return counts;
    }
}
