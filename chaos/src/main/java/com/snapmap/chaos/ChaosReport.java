package com.snapmap.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's figures: the load held, each fault with its recovery time, the uploads acknowledged,
 * retried and given up, and what the check found. {@link #passed} when every fault recovered, the
 * system was healthy after the load, the job caught up with {@code photo-uploads} after the final
 * sweep ({@link CaughtUp}) and the check passed.
 */
public record ChaosReport(int clients, Duration load, List<FaultResult> faults, long retries, List<String> givenUp,
                          Duration finalRecovery, boolean finallyHealthy, int sweepExit, boolean caughtUp, Duration catchUp,
                          CheckResult check) {

    public ChaosReport {
        faults = List.copyOf(faults);
        givenUp = List.copyOf(givenUp);
    }

    public boolean passed() {
        return faults.stream().allMatch(FaultResult::recovered) && finallyHealthy && caughtUp && check.passed();
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        double secs = load.toMillis() / 1e3;
        out.add(String.format("load held      %d clients for %.0f s: %d uploads acknowledged (%.1f/s)", clients, secs,
                check.acknowledged(), check.acknowledged() / Math.max(secs, 1e-3)));
        out.add("faults         " + faults.size() + " injected (kill -9)");
        for (FaultResult f : faults) {
            out.add(String.format("  %-20s pid %-7d %s %s", f.fault().label, f.pid(),
                    f.fault().supervised() ? (f.recovered() ? String.format("recovered in %.1f s", f.recovery().toMillis() / 1e3) : "NOT RECOVERED")
                            : "", f.note()).stripTrailing());
        }
        out.add(String.format("after the load %s in %.1f s; final sweep exit %d", finallyHealthy ? "all healthy" : "NOT HEALTHY",
                finalRecovery.toMillis() / 1e3, sweepExit));
        out.add(String.format("after the sweep the job %s photo-uploads in %.1f s", caughtUp ? "caught up with" : "DID NOT catch up with",
                catchUp.toMillis() / 1e3));
        out.add("uploads        " + check.acknowledged() + " acknowledged, " + retries + " retried, " + givenUp.size()
                + " given up, " + check.storedUnacknowledged() + " stored but never acknowledged");
        givenUp.stream().limit(5).forEach(g -> out.add("  given up: " + g));
        out.add("lost           " + check.lost() + " (must be 0): " + check.missingDocument().size() + " without document, "
                + check.incompleteDocument().size() + " incomplete, " + check.blobUnreadable().size() + " bytes unreadable, "
                + check.withoutEvent().size() + " without event");
        out.add("double-counted " + check.doubleCounted() + " (must be 0); events miscounted " + check.miscounted().size()
                + " of " + check.events());
        check.miscounted().stream().limit(5).forEach(m -> out.add("  " + m.eventId() + ": photoCount " + m.photoCount()
                + ", members " + m.members()));
        out.add("partition      " + (check.partitionMatches() ? "equals the reference clusterer's"
                : "DIFFERS from the reference:\n" + check.partitionDifferences().stripTrailing()));
        out.add("event-updates  " + (check.duplicateVersions().isEmpty() ? "no (eventId, version) twice"
                : "repeated: " + check.duplicateVersions().stream().limit(5).toList()));
        examples(out, "without document", check.missingDocument());
        examples(out, "incomplete", check.incompleteDocument());
        examples(out, "bytes unreadable", check.blobUnreadable());
        examples(out, "without event", check.withoutEvent());
        out.add("chaos: " + (passed() ? "PASSED" : "FAILED"));
        return out;
    }

    private static void examples(List<String> out, String what, List<String> ids) {
        if (!ids.isEmpty()) {
            out.add("  " + what + ": " + ids.stream().limit(5).toList() + (ids.size() > 5 ? " ..." : ""));
        }
    }
}
