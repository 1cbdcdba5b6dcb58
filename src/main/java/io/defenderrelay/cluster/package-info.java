/**
 * Cluster mode (relay.cluster.enabled): relay instances of one group share the tenants through Kafka's consumer-group
 * protocol, keep checkpoints in a compacted topic, and write each tenant's checkpoint (and, with the Kafka sink, its
 * window's records) in a transaction whose id belongs to the tenant, so a new owner fences the old one.
 */
package io.defenderrelay.cluster;
