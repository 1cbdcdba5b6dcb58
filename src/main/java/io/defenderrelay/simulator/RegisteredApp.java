package io.defenderrelay.simulator;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An application registered in a simulated tenant: its credentials and the application roles consented to it. */
record RegisteredApp(String clientId, Set<String> secrets, List<X509Certificate> certificates, Set<String> roles) {
    /** The role alerts_v2 requires; a new app has it, as the relay's setup instructions grant it. */
    static final String READ_ALERTS = "SecurityAlert.Read.All";

    RegisteredApp {
        secrets = Set.copyOf(secrets);
        certificates = List.copyOf(certificates);
        roles = Set.copyOf(roles);
    }

    static RegisteredApp empty(String clientId) {
        return new RegisteredApp(clientId, Set.of(), List.of(), Set.of(READ_ALERTS));
    }

    RegisteredApp withSecret(String secret) {
        Set<String> more = new HashSet<>(secrets);
        more.add(secret);
        return new RegisteredApp(clientId, more, certificates, roles);
    }

    RegisteredApp withCertificate(X509Certificate certificate) {
        List<X509Certificate> more = new ArrayList<>(certificates);
        more.add(certificate);
        return new RegisteredApp(clientId, secrets, more, roles);
    }

    RegisteredApp withRoles(Set<String> granted) {
        return new RegisteredApp(clientId, secrets, certificates, granted);
    }
}
