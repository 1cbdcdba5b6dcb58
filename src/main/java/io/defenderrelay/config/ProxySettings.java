package io.defenderrelay.config;

import io.defenderrelay.support.Trouble;

import org.apache.camel.component.http.CamelProxyRoutePlanner;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * relay.proxy.*: the forward proxy that token requests (MSAL), Graph requests and the SIEM sink go through. https
 * targets are tunnelled with CONNECT, so TLS (and the bearer token inside it) runs end to end; the proxy is spoken to
 * in plain HTTP and may ask for Basic credentials. Hosts in relay.proxy.no-proxy are reached directly. One
 * {@link HttpClientConfigurer} serves the Camel http components and MSAL's client, so all three route alike.
 */
public final class ProxySettings implements HttpClientConfigurer {
    private static final String REFUSED = "proxy {proxy} refused to open a tunnel ({detail})";
    static final Trouble TUNNEL_REFUSED = new Trouble("\"proxy ... refused to open a tunnel\" in a WARN", REFUSED,
            "let the proxy allow CONNECT to that host and port, or list the host in relay.proxy.no-proxy");
    static final Trouble CREDENTIALS_WANTED = new Trouble("\"proxy ... refused to open a tunnel (407 ...)\", no proxy"
            + " credentials set", REFUSED, "it wants credentials: set relay.proxy.username and relay.proxy.password (or"
            + " password-file)");
    static final Trouble CREDENTIALS_REFUSED = new Trouble("\"proxy ... refused to open a tunnel (407 ...)\" with"
            + " credentials set", REFUSED, "it did not accept relay.proxy.username and its password: correct them");
    /** The catalogue's proxy entries. */
    public static final List<Trouble> TROUBLES = List.of(CREDENTIALS_WANTED, CREDENTIALS_REFUSED, TUNNEL_REFUSED);

    /** Hosts, *.domain suffixes and IP literals, as Camel's proxy route planner matches them. */
    private static final Pattern NO_PROXY_ENTRY = Pattern.compile("(\\*\\.)?[A-Za-z0-9_.-]+|\\[?[0-9A-Fa-f:.]+]?");

    private final HttpHost proxy;
    private final Set<String> noProxy;
    private final UsernamePasswordCredentials credentials;

    private ProxySettings(HttpHost proxy, Set<String> noProxy, UsernamePasswordCredentials credentials) {
        this.proxy = proxy;
        this.noProxy = noProxy;
        this.credentials = credentials;
    }

    /** Every connection goes straight to its host. */
    public static ProxySettings direct() {
        return new ProxySettings(null, Set.of(), null);
    }

    /** The proxy the settings name; a setting it cannot use stops startup (the startup check lists them first). */
    public static ProxySettings read(SettingsSource settings) {
        Problems problems = new Problems();
        ProxySettings proxy = read(settings, problems);
        problems.refuseIfAny();
        return proxy;
    }

    static ProxySettings read(SettingsSource settings, Problems problems) {
        Optional<String> url = settings.get("relay.proxy.url");
        Optional<String> username = settings.get("relay.proxy.username");
        Optional<String> password = password(settings, problems);
        // a password file that cannot be read is reported as such, not as a missing password
        boolean passwordGiven = settings.get("relay.proxy.password").or(() -> settings.get("relay.proxy.password-file")).isPresent();
        Set<String> noProxy = noProxy(settings, problems);
        if (url.isEmpty()) {
            if (username.isPresent() || passwordGiven) {
                problems.add("relay.proxy.username or password is set but relay.proxy.url is empty: set"
                        + " relay.proxy.url = http://host:port, or remove the credentials");
            }
            return direct();
        }
        HttpHost proxy = proxyHost(url.get(), problems);
        if (username.isPresent() != passwordGiven) {
            problems.add(username.isPresent()
                    ? "relay.proxy.username is set without a password: set relay.proxy.password (e.g."
                    + " ${env:RELAY_PROXY_PASSWORD}) or relay.proxy.password-file"
                    : "a relay.proxy password is set without relay.proxy.username: set the user name too");
        }
        UsernamePasswordCredentials credentials = username.isPresent() && password.isPresent()
                ? new UsernamePasswordCredentials(username.get(), password.get().toCharArray()) : null;
        return proxy == null ? direct() : new ProxySettings(proxy, noProxy, credentials);
    }

    private static HttpHost proxyHost(String url, Problems problems) {
        String form = "relay.proxy.url='" + url + "' ";
        try {
            URI uri = new URI(url);
            if ("https".equalsIgnoreCase(uri.getScheme())) {
                problems.add(form + "is an https proxy, which the relay does not support: write http://host:port (https"
                        + " requests still run TLS end to end, tunnelled through the proxy with CONNECT)");
            } else if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                problems.add(form + "is not an http://host:port URL: write e.g. http://proxy.example.com:3128");
            } else if (uri.getUserInfo() != null) {
                problems.add(form + "holds credentials: put them in relay.proxy.username and relay.proxy.password"
                        + " (or password-file) instead, which are never logged");
            } else if (!(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null) {
                problems.add(form + "has a path or query: write only http://host:port");
            } else {
                return new HttpHost("http", uri.getHost(), uri.getPort());
            }
        } catch (URISyntaxException e) {
            problems.add(form + "is not a URL (" + e.getReason() + "): write e.g. http://proxy.example.com:3128");
        }
        return null;
    }

    private static Optional<String> password(SettingsSource settings, Problems problems) {
        Optional<String> password = settings.get("relay.proxy.password");
        Optional<String> file = settings.get("relay.proxy.password-file");
        if (file.isEmpty()) {
            return password;
        }
        if (password.isPresent()) {
            problems.add("relay.proxy.password and relay.proxy.password-file are both set: keep one of them");
            return password;
        }
        try {
            return Optional.of(Files.readString(Path.of(file.get())).strip()).filter(p -> !p.isEmpty());
        } catch (IOException e) {
            problems.add("relay.proxy.password-file " + file.get() + " cannot be read (" + e + "): point it at a file"
                    + " holding only the password, readable by the relay's user");
            return Optional.empty();
        }
    }

    private static Set<String> noProxy(SettingsSource settings, Problems problems) {
        Set<String> hosts = new LinkedHashSet<>();
        settings.get("relay.proxy.no-proxy").ifPresent(list -> Arrays.stream(list.split(",")).map(String::trim)
                .filter(entry -> !entry.isEmpty()).forEach(entry -> {
                    if (NO_PROXY_ENTRY.matcher(entry).matches()) {
                        hosts.add(entry.replaceAll("^\\[|]$", ""));
                    } else {
                        problems.add("relay.proxy.no-proxy entry '" + entry + "' is not a host, *.domain or IP"
                                + " address: write e.g. localhost,127.0.0.1,*.internal");
                    }
                }));
        return hosts;
    }

    public boolean isDirect() {
        return proxy == null;
    }

    /** The proxy as http://host:port, for messages (never with its credentials). */
    public String url() {
        return proxy == null ? "none" : proxy.toURI();
    }

    /**
     * What to do about it when the proxy refused a tunnel somewhere in {@code failure}'s causes: HttpClient either
     * throws the refusal or hands back the proxy's 407 as if the target had answered it.
     */
    public Optional<String> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof TunnelRefusedException refused) {
                HttpResponse answer = refused.getResponse();
                return Optional.of(refusal(answer == null ? 0 : answer.getCode(),
                        answer == null ? refused.getMessage() : answer.getCode() + " " + answer.getReasonPhrase()));
            }
            if (cause instanceof HttpOperationFailedException http
                    && http.getStatusCode() == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED && proxy != null) {
                return Optional.of(refusal(http.getStatusCode(), http.getStatusCode() + " " + http.getStatusText()));
            }
        }
        return Optional.empty();
    }

    private String refusal(int status, String said) {
        Trouble trouble = status != HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED ? TUNNEL_REFUSED
                : credentials == null ? CREDENTIALS_WANTED : CREDENTIALS_REFUSED;
        return trouble.said(Map.of("proxy", url(), "detail", said));
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (proxy == null) {
            return;
        }
        builder.setRoutePlanner(new CamelProxyRoutePlanner(proxy, noProxy));
        if (credentials != null) {
            BasicCredentialsProvider provider = new BasicCredentialsProvider();
            provider.setCredentials(new AuthScope(proxy), credentials);
            builder.setDefaultCredentialsProvider(provider);
        }
    }
}
