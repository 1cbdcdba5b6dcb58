package io.defenderrelay.config;

/** The relay's severity: the name the router matches on and the OCSF {@code severity_id}. */
public record Severity(String name, int id) {
}
