package io.defenderrelay;

import io.defenderrelay.cluster.ClusterSettings;
import io.defenderrelay.config.RelayRun;
import io.defenderrelay.config.SettingsSource;

import io.defenderrelay.deliver.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * validate-config --probe: reaches each enabled sink once, the way the relay will (its paths, its Kafka endpoint's
 * client settings, its TLS trust), without delivering anything. It proves the way there, not that a delivery works.
 */
final class SinkProbes {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String FILE = "file";
    private static final String DEAD_LETTERS = "dead letters";
    private static final String KAFKA = "kafka";
    private static final String SIEM = "siem";
    private static final String CLUSTER = "cluster";

    /** An output of the relay and where it goes. */
    record Sink(String name, String target) {
        String describe() {
            return name + " " + target;
        }
    }

    /** One line: OK and what answered, or FAIL with the diagnosis and its fix. */
    record Result(boolean ok, String line) {
    }

    /** The probe's diagnosis, "what is wrong — fix: what to do". */
    private static final class ProbeFailed extends Exception {
        ProbeFailed(String diagnosis, String fix) {
            super(diagnosis + " — fix: " + fix);
        }
    }

    private final RelayMain.Configured relay;

    SinkProbes(RelayMain.Configured relay) {
        this.relay = relay;
    }

    /** The enabled sinks, and the dead-letter directory every sink may write to. */
    static List<Sink> enabled(SettingsSource settings, RelayRun run) {
        List<Sink> sinks = new ArrayList<>();
        if (enabled(settings, FILE)) {
            sinks.add(new Sink(FILE, run.resolve(settings.value("relay.sink.file.dir")).toString()));
        }
        if (enabled(settings, KAFKA)) {
            sinks.add(new Sink(KAFKA, "topic " + settings.value("relay.sink.kafka.topic") + " at "
                    + settings.value("relay.sink.kafka.brokers")));
        }
        if (enabled(settings, SIEM)) {
            sinks.add(new Sink(SIEM, settings.value("relay.sink.siem.format") + " " + settings.value("relay.sink.siem.url")));
        }
        sinks.add(new Sink(DEAD_LETTERS, run.resolve(settings.value("relay.dead-letter.dir")).toString()));
        if (ClusterSettings.enabled(settings)) {
            sinks.add(new Sink(CLUSTER, "group " + settings.value("relay.cluster.group") + " on Kafka at "
                    + settings.value("relay.sink.kafka.brokers")));
        }
        return sinks;
    }

    private static boolean enabled(SettingsSource settings, String sink) {
        return settings.value("relay.sink." + sink + ".enabled").equalsIgnoreCase("true");
    }

    List<Result> probe(List<Sink> sinks) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        for (Sink sink : sinks) {
            try {
                String answered = switch (sink.name()) {
                    case KAFKA -> kafka(relay.settings().value("relay.sink.kafka.topic"));
                    case CLUSTER -> kafka(ClusterSettings.read(relay.settings()).checkpointsTopic());
                    case SIEM -> siem();
                    default -> writable(Path.of(sink.target()));
                };
                results.add(new Result(true, "OK " + sink.name() + ": " + answered));
            } catch (ProbeFailed e) {
                results.add(new Result(false, "FAIL " + sink.name() + ": " + e.getMessage()));
            }
        }
        return results;
    }

    private static String writable(Path dir) throws ProbeFailed {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".probe-", ".tmp"));
            return dir + " is writable";
        } catch (IOException e) {
            throw new ProbeFailed("cannot write in " + dir + " (" + e + ")", "create the directory and give the"
                    + " relay's user write access to it, or point the setting at one it may write");
        }
    }

    /** Asks the brokers for the cluster's metadata with the relay's own Kafka client settings (TLS, SASL). */
    private String kafka(String topic) throws ProbeFailed, InterruptedException {
        SettingsSource settings = relay.settings();
        KafkaClients sink = KafkaClients.of(relay.context(), settings.value("relay.sink.kafka.uri"));
        String brokers = sink.brokers();
        Admin admin = Admin.create(sink.admin(TIMEOUT));
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) TIMEOUT.toMillis()));
            int nodes = cluster.nodes().get().size();
            boolean exists = admin.listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis())).names().get()
                    .contains(topic);
            return "brokers " + brokers + " answered: cluster " + cluster.clusterId().get() + ", " + nodes
                    + " broker(s); topic " + topic + (exists ? " exists"
                    : " does not exist yet (its first use creates it if the brokers allow that)");
        } catch (ExecutionException e) {
            throw new ProbeFailed("broker unreachable: no metadata from " + brokers + " within "
                    + TIMEOUT.toSeconds() + " s (" + e.getCause() + ")", "check relay.sink.kafka.brokers (and the TLS"
                    + " or SASL options of relay.sink.kafka.uri), that the brokers run, and that this host reaches them");
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** Opens the SIEM URL: TCP, the TLS handshake with the relay's trust, and a HEAD request that indexes nothing. */
    private String siem() throws ProbeFailed, InterruptedException {
        URI url = URI.create(relay.settings().value("relay.sink.siem.url"));
        String where = url.getHost() + ":" + url.getPort();
        int status;
        try {
            status = relay.httpClient(TIMEOUT).send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (SSLException e) {
            throw new ProbeFailed("TLS handshake with " + where + " failed (" + e.getMessage() + ")", "if the SIEM's"
                    + " certificate comes from a private CA, add that CA to relay.trust-store; the URL's host name must"
                    + " match the certificate");
        } catch (IOException | GeneralSecurityException e) {
            throw new ProbeFailed("cannot reach " + url + " (" + e + ")", "check relay.sink.siem.url, that the SIEM is"
                    + " up, and that this host reaches it (DNS, proxy, firewall)");
        }
        String answer = url + (url.getScheme().equalsIgnoreCase("https") ? ": TLS handshake ok, " : ": ")
                + "HEAD answered " + status;
        if (status >= 500) {
            throw new ProbeFailed(answer + ", a server error", "check the SIEM's health; the relay retries while it fails");
        }
        return answer + " (its token is checked at the first delivery)";
    }
}
