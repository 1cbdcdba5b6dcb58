/**
 * What the relay tells its operator: counters per tenant and sink for Prometheus ({@link RelayMetrics}), one line
 * per delivered window ({@link WindowTally}), and readiness per tenant and sink ({@link RelayHealth}) for Camel's
 * health endpoint. The flow's beans report into it; it reads nothing back from them.
 */
package io.defenderrelay.observe;
