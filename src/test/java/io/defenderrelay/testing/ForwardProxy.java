package io.defenderrelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forward proxy on 127.0.0.1 as corporate networks run them: CONNECT host:port opens a tunnel that copies bytes both
 * ways; optionally it first wants {@code Proxy-Authorization: Basic ...} and answers 407 with a Basic challenge. It
 * counts the tunnels opened per target and the 407s it sent, and keeps every byte clients sent it, so a test can say
 * what the proxy could read.
 */
public final class ForwardProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final String expectedAuthorization;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "forward-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicInteger> tunnels = new ConcurrentHashMap<>();
    private final AtomicInteger challenges = new AtomicInteger();
    private final ByteArrayOutputStream fromClients = new ByteArrayOutputStream();

    private ForwardProxy(String expectedAuthorization) {
        this.expectedAuthorization = expectedAuthorization;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    /** A proxy that tunnels for anyone. */
    public static ForwardProxy open() {
        return new ForwardProxy(null);
    }

    /** A proxy that tunnels only for {@code user} with {@code password} (Basic). */
    public static ForwardProxy requiring(String user, String password) {
        return new ForwardProxy("Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** http://127.0.0.1:PORT */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Tunnels opened to {@code host:port}. */
    public int tunnelsTo(String hostAndPort) {
        AtomicInteger count = tunnels.get(hostAndPort.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    /** Targets tunnelled to so far. */
    public Map<String, Integer> tunnels() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        tunnels.forEach((target, count) -> counts.put(target, count.get()));
        return counts;
    }

    /** 407 answers sent. */
    public int challenges() {
        return challenges.get();
    }

    /** Whether any client sent {@code text} where the proxy could read it (request heads or tunnelled bytes). */
    public boolean saw(String text) {
        synchronized (fromClients) {
            return fromClients.toString(StandardCharsets.ISO_8859_1).contains(text);
        }
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream(); // unbuffered: what follows a head belongs to the tunnel
            OutputStream out = client.getOutputStream();
            // one connection may carry a refused CONNECT and then the one with credentials
            for (Optional<List<String>> head = readHead(in); head.isPresent(); head = readHead(in)) {
                String[] request = head.get().get(0).split(" ");
                if (request.length < 2 || !request[0].equals("CONNECT")) {
                    answer(out, "405 Method Not Allowed", "Allow: CONNECT\r\n");
                    return;
                }
                if (expectedAuthorization != null && !authorized(head.get())) {
                    challenges.incrementAndGet();
                    answer(out, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"relay-test\"\r\n");
                    continue;
                }
                tunnel(client, in, out, request[1]);
                return;
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private boolean authorized(List<String> head) {
        return head.stream().anyMatch(line -> line.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)
                && line.substring(20).trim().equals(expectedAuthorization));
    }

    private void tunnel(Socket client, InputStream in, OutputStream out, String target) throws IOException {
        int colon = target.lastIndexOf(':');
        try (Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
            tunnels.computeIfAbsent(target.toLowerCase(Locale.ROOT), t -> new AtomicInteger()).incrementAndGet();
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            threads.execute(() -> copy(upstream, client, false));
            copy(client, upstream, true);
        }
    }

    /** Copies until either side closes; the {@code recorded} direction is kept for {@link #saw}. */
    private void copy(Socket from, Socket to, boolean recorded) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (recorded) {
                    record(buffer, n);
                }
                to.getOutputStream().write(buffer, 0, n);
                to.getOutputStream().flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private Optional<List<String>> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            record(new byte[] {(byte) b}, 1);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).replaceFirst("\r$", "");
                if (text.isEmpty()) {
                    return Optional.of(lines);
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return Optional.empty();
    }

    private void record(byte[] bytes, int length) {
        synchronized (fromClients) {
            fromClients.write(bytes, 0, length);
        }
    }

    private static void answer(OutputStream out, String status, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            threads.shutdownNow();
        }
    }
}
