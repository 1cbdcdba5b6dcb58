package io.defenderrelay.auth;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * MSAL's token requests on the same Apache HttpClient as the relay's Graph and SIEM requests, so they take the same
 * proxy route (CONNECT tunnels, proxy credentials, no-proxy hosts). MSAL's own client (HttpsURLConnection) can only
 * authenticate to a proxy through JVM-wide settings. The relay makes one for all its tenants: one pool of
 * connections to the login host, not one (and an idle TLS connection) per tenant.
 */
public final class MsalHttpClient implements IHttpClient, Closeable {
    /** Token requests at once per login host; more wait for a connection (they are rare: one per tenant an hour). */
    private static final int CONNECTIONS_PER_HOST = 10;

    /**
     * A request the server dropped without any answer (a kept-alive connection it had just closed, "failed to respond")
     * is sent once more at once: a client-credentials token request changes nothing at Entra, so repeating it is safe,
     * and otherwise the tenant would wait a whole poll interval. Timeouts, refused or unresolvable hosts, TLS failures
     * and every answer (MSAL reads those) are not retried here.
     */
    private static final DefaultHttpRequestRetryStrategy ONCE_WITHOUT_ANSWER = new DefaultHttpRequestRetryStrategy(1,
            TimeValue.ZERO_MILLISECONDS, List.of(InterruptedIOException.class, UnknownHostException.class,
            ConnectException.class, ConnectionClosedException.class, NoRouteToHostException.class, SSLException.class),
            List.of()) {
        @Override
        protected boolean handleAsIdempotent(org.apache.hc.core5.http.HttpRequest request) {
            return true;
        }
    };

    private final CloseableHttpClient client;

    /**
     * @param sslContextOrNull trust for the token endpoint's certificate; null for the JVM's default trust store
     * @param requestTimeout   connect and read timeout of each token request
     * @param connection       the proxy route (and anything else) every request takes
     */
    public MsalHttpClient(SSLContext sslContextOrNull, Duration requestTimeout, HttpClientConfigurer connection) {
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("token request timeout " + requestTimeout + " must be positive and under"
                    + " 24 days; use e.g. PT30S");
        }
        Timeout timeout = Timeout.ofMilliseconds(requestTimeout.toMillis());
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(CONNECTIONS_PER_HOST)
                .setMaxConnTotal(2 * CONNECTIONS_PER_HOST)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build());
        if (sslContextOrNull != null) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContextOrNull));
        }
        HttpClientBuilder builder = HttpClientBuilder.create()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .setRetryStrategy(ONCE_WITHOUT_ANSWER)
                .disableRedirectHandling()
                // the tenants share the client: no cookie of one tenant's sign-in goes with another's
                .disableCookieManagement();
        connection.configureHttpClient(builder);
        this.client = builder.build();
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        return send(request.httpMethod().methodName, request.url().toURI(), request.headers(), request.body());
    }

    IHttpResponse send(String method, URI url, Map<String, String> requestHeaders, String body) throws IOException {
        HttpUriRequestBase message = new HttpUriRequestBase(method, url);
        requestHeaders.forEach(message::addHeader);
        if (body != null) {
            // the Content-Type header MSAL sets wins over the entity's
            message.setEntity(new StringEntity(body, StandardCharsets.UTF_8));
        }
        return client.execute(message, answer -> {
            if (answer.getCode() == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) {
                // HttpClient hands back the proxy's answer to CONNECT as the response; it is no token endpoint's
                throw new TunnelRefusedException(answer);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : answer.getHeaders()) {
                headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
            }
            HttpResponse response = new HttpResponse().statusCode(answer.getCode())
                    .body(answer.getEntity() == null ? "" : EntityUtils.toString(answer.getEntity(), StandardCharsets.UTF_8));
            response.addHeaders(headers);
            return response;
        });
    }

    /** Closes the pooled connections to the login hosts (the relay stops). */
    @Override
    public void close() throws IOException {
        client.close();
    }
}
