/**
 * The built-in simulated Microsoft cloud: Entra ID's token endpoint and Graph's {@code alerts_v2} over HTTPS on
 * 127.0.0.1, with Graph's semantics and limits, for the relay's demo mode, its tests and its benchmarks.
 *
 * <pre>{@code
 * try (GraphSimulator simulator = GraphSimulator.start(SimulatorOptions.defaults()
 *         .withVisibilityDelay(Duration.ofMinutes(2)))) {
 *     SimTenant tenant = simulator.tenant("contoso");
 *     tenant.registerSecretApp("relay-app", "s3cret");              // or registerCertificateApp(id, certificate)
 *     tenant.alerts().generate(50_000, Instant.now().minus(Duration.ofDays(7)), Instant.now());
 *     tenant.alerts().generateAt(3_000, someInstant);               // a bulk action: same lastUpdateDateTime
 *     tenant.faults().enqueue(Fault.tooManyRequests("2").times(3)); // next three alerts_v2 requests get 429
 *     // token:  POST {baseUrl}/contoso/oauth2/v2.0/token   (MSAL authority {baseUrl}/contoso/, instanceDiscovery(false))
 *     //         scope {baseUrl}/.default only: the simulator is the Graph its tokens are for (else invalid_scope)
 *     // alerts: GET  {baseUrl}/v1.0/security/alerts_v2?$filter=...&$top=1000&$count=true
 *     // trust:  simulator.clientSslContext() or simulator.serverCertificatePem()
 * }
 * }</pre>
 *
 * What it enforces, as Graph does: bearer tokens (401 {@code InvalidAuthenticationToken} when missing, unknown,
 * expired or revoked; 403 {@code Authorization_RequestDenied} without consent); {@code $filter} on
 * lastUpdateDateTime/createdDateTime (ge gt le lt, 0-7 fractional digits) and eq on severity, status,
 * serviceSource, classification, determination, joined by {@code and}; {@code $top} clamped to 1000 (and the
 * configured page size); {@code $skip} above 500 and {@code $orderby} refused with 400; {@code $count}; newest
 * first; absolute {@code @odata.nextLink}s, which lead into the $skip limit when a filter matches too much;
 * alerts visible only {@code visibilityDelay} after their lastUpdateDateTime (an updated alert is invisible until
 * its new version is); newer enum members shown as {@code unknownFutureValue} unless the request carries
 * {@code Prefer: include-unknown-enum-members}; 206 + {@code Warning} for a failed provider.
 * <p>
 * Not simulated: automatic throttling (queue {@link io.defenderrelay.simulator.Fault#tooManyRequests} instead),
 * {@code GET alerts_v2/{id}}, {@code or} in filters, faults on the token endpoint.
 */
package io.defenderrelay.simulator;
