package io.defenderrelay.config;

import io.defenderrelay.auth.GraphTokenProvider;

import java.net.URI;

/** What the routes need of one configured tenant at run time. */
public record TenantRuntime(TenantSettings settings, GraphTokenProvider tokens, URI graphHost) {
}
