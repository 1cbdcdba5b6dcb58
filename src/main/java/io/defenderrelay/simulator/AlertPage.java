package io.defenderrelay.simulator;

import java.util.List;

/** The result of one alerts_v2 query: the page's alerts, the total match count (-1 unless asked) and whether more remain. */
record AlertPage(List<StoredAlert> alerts, long total, boolean more) {
}
