package io.defenderrelay.config;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The certificate authorities the relay trusts: the JVM's own plus any extra ones (a corporate TLS proxy's CA from
 * relay.trust-store, or the built-in simulator's self-signed certificate in demo mode). Verification stays on.
 */
public final class TrustedCertificates {

    private final X509TrustManager trustManager;
    private final SSLContext sslContext;

    private TrustedCertificates(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        this.trustManager = (X509TrustManager) factory.getTrustManagers()[0];
        this.sslContext = SSLContext.getInstance("TLS");
        sslContext.init(null, new javax.net.ssl.TrustManager[] {trustManager}, null);
    }

    /** JVM defaults plus {@code extra}. */
    public static TrustedCertificates withExtra(Collection<X509Certificate> extra) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : ((X509TrustManager) defaults.getTrustManagers()[0]).getAcceptedIssuers()) {
                store.setCertificateEntry("jvm-" + i++, ca);
            }
            for (X509Certificate certificate : extra) {
                store.setCertificateEntry("extra-" + i++, certificate);
            }
            return new TrustedCertificates(store);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException("cannot build the TLS trust store: " + e.getMessage(), e);
        }
    }

    /** Reads a PEM bundle or a PKCS12 file (no password, or the one given) of CA certificates. */
    public static List<X509Certificate> read(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            String name = file.getFileName().toString().toLowerCase();
            List<X509Certificate> certificates = new ArrayList<>();
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password == null ? new char[0] : password.toCharArray());
                for (String alias : java.util.Collections.list(store.aliases())) {
                    if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                        certificates.add(certificate);
                    }
                }
            } else {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certificates.add((X509Certificate) certificate);
                }
            }
            if (certificates.isEmpty()) {
                throw new ConfigurationException("relay.trust-store " + file + " holds no certificate");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("relay.trust-store " + file + " cannot be read as a PEM bundle or PKCS12 "
                    + "file (" + e.getMessage() + "): export your CA certificates as PEM", e);
        }
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public SSLContext sslContext() {
        return sslContext;
    }
}
