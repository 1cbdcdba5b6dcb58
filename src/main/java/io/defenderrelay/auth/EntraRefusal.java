package io.defenderrelay.auth;

import io.defenderrelay.observe.RelayHealth;
import io.defenderrelay.support.Trouble;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Entra's answers (AADSTS codes) that name what to fix in the app registration or the relay's settings: the message
 * of the token failure and a row of the README's troubleshooting table. Placeholders: {@code {client-id}},
 * {@code {tenant}}, {@code {authority-host}}, {@code {credential}}, {@code {scope}}.
 */
public enum EntraRefusal {
    WRONG_SECRET("7000215", "the client secret is wrong for app {client-id} in tenant {tenant}",
            "create a new secret in " + Remedies.APP_CREDENTIALS_PAGE + " and update relay.tenants[…].client-secret"
                    + " (use the secret's Value, not its Secret ID)"),
    SECRET_EXPIRED("7000222", "the client secret of app {client-id} in tenant {tenant} has expired",
            "create a new secret in " + Remedies.APP_CREDENTIALS_PAGE + " and update relay.tenants[…].client-secret;"
                    + " set relay.tenants[…].client-secret-expires so that readiness warns before the next one expires"),
    APP_NOT_FOUND("700016", "app {client-id} was not found in tenant {tenant}",
            "check relay.tenants[…].client-id and tenant-id; an app registered in another tenant must first be"
                    + " consented to by an administrator of this one"),
    TENANT_NOT_FOUND("90002", "tenant {tenant} was not found by {authority-host}",
            "check relay.tenants[…].tenant-id and cloud (a US Government or China tenant is unknown to the global"
                    + " login host)"),
    CERTIFICATE_NOT_REGISTERED("700027", "Entra did not accept the assertion signed with {credential} for app"
            + " {client-id} in tenant {tenant}", "upload this certificate in " + Remedies.APP_CREDENTIALS_PAGE
            + ", or point relay.tenants[…].certificate and private-key at the certificate registered there"),
    CLOCK_SKEW("700024", "Entra found the client assertion of app {client-id} outside its validity window",
            "this host's clock is wrong; synchronise it (NTP)"),
    INVALID_SCOPE("1002012", "scope {scope} is invalid for tenant {tenant}",
            "check relay.graph-host and relay.tenants[…].cloud");

    private final String code;
    private final Trouble trouble;

    EntraRefusal(String code, String cause, String fix) {
        this.code = code;
        this.trouble = new Trouble("`AADSTS" + code + "` in a WARN or a `test-connection` FAIL line; `tenant:<name>`"
                + " DOWN \"" + RelayHealth.CREDENTIAL_REFUSED + "\"", cause, fix);
    }

    /** The refusal an AADSTS code (its digits) names, if the relay knows what to fix for it. */
    static Optional<EntraRefusal> of(String code) {
        return Arrays.stream(values()).filter(refusal -> refusal.code.equals(code)).findFirst();
    }

    public Trouble trouble() {
        return trouble;
    }

    /** "AADSTS<code>: cause: fix", filled with {@code values}. */
    String message(Map<String, String> values) {
        return "AADSTS" + code + ": " + trouble.said(values);
    }
}
