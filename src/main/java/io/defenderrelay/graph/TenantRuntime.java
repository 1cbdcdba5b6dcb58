package io.defenderrelay.graph;

import io.defenderrelay.config.TenantSettings;
import io.defenderrelay.auth.GraphTokenProvider;

import java.net.URI;

/** What the routes need of one configured tenant at run time. */
public record TenantRuntime(TenantSettings settings, GraphTokenProvider tokens, URI graphHost) {
}
