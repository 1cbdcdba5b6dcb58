package io.defenderrelay.simulator;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An application registered in a simulated tenant: its credentials and whether it may read alerts. */
record RegisteredApp(String clientId, Set<String> secrets, List<X509Certificate> certificates, boolean alertPermission) {

    RegisteredApp {
        secrets = Set.copyOf(secrets);
        certificates = List.copyOf(certificates);
    }

    static RegisteredApp empty(String clientId) {
        return new RegisteredApp(clientId, Set.of(), List.of(), true);
    }

    RegisteredApp withSecret(String secret) {
        Set<String> more = new HashSet<>(secrets);
        more.add(secret);
        return new RegisteredApp(clientId, more, certificates, alertPermission);
    }

    RegisteredApp withCertificate(X509Certificate certificate) {
        List<X509Certificate> more = new ArrayList<>(certificates);
        more.add(certificate);
        return new RegisteredApp(clientId, secrets, more, alertPermission);
    }

    RegisteredApp withoutAlertPermission() {
        return new RegisteredApp(clientId, secrets, certificates, false);
    }
}
