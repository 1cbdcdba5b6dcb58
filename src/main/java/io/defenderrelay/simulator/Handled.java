package io.defenderrelay.simulator;

/** An endpoint's reply plus whom the request belonged to, for the tenant's request log (tenant may be null). */
record Handled(Reply reply, RecordedRequest.Kind kind, SimTenant tenant, String clientId) {
}
