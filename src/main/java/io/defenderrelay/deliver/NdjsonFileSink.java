package io.defenderrelay.deliver;

import io.defenderrelay.support.CrashPoint;
import io.defenderrelay.support.JsonBytes;
import io.defenderrelay.support.OwnerOnly;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Appends events as NDJSON lines to {@code dir/alerts-YYYY-MM-DD[-tenant].ndjson} (UTC day of the write), rolling
 * to {@code -1}, {@code -2}… before a file would pass {@code maxFileBytes}. {@link #write} returns only after the
 * lines are fsynced, so a returned call is an acknowledgement. Whole lines only: a line larger than the limit
 * gets a file of its own, and a partial last line left by a crash is cut off when the sink starts (it was never
 * acknowledged, so it is delivered again).
 * <p>
 * A tenant name ({@code [A-Za-z0-9_-]}) keeps its letters, digits and '_' in file names and writes '-' as '.'
 * ({@code contoso-eu} → {@code contoso.eu}): no '-' in the name keeps the {@code -N} roll suffix unambiguous, and no
 * two tenant names share a file. The directory and files are created for the relay's user only ({@link OwnerOnly}).
 */
public final class NdjsonFileSink implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(NdjsonFileSink.class);
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.]");
    /** Bounds the write buffer, whatever the size of a window. */
    private static final int WRITE_CHUNK = 1 << 20;
    private static final byte[] NEWLINE = {'\n'};

    private final Path dir;
    private final String prefix;
    private final boolean perTenant;
    private final long maxFileBytes;
    private final Clock clock;
    /** One appender per output stream (per tenant, or one for all), each with its own lock. */
    private final ConcurrentMap<String, Appender> appenders = new ConcurrentHashMap<>();

    public NdjsonFileSink(Path dir, boolean perTenant, long maxFileBytes, Clock clock) throws IOException {
        this(dir, "alerts", perTenant, maxFileBytes, clock);
    }

    NdjsonFileSink(Path dir, String prefix, boolean perTenant, long maxFileBytes, Clock clock) throws IOException {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("file sink max file size must be positive, got " + maxFileBytes);
        }
        this.dir = dir;
        this.prefix = prefix;
        this.perTenant = perTenant;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        OwnerOnly.createDirectories(dir);
        repairPartialLines();
    }

    /** Appends one line per event and fsyncs; concurrent calls never interleave their lines within a file. */
    public void write(String tenant, List<? extends JsonNode> events) throws IOException {
        append(tenant, events.stream().map(JsonBytes::of).toList());
    }

    /** The file sink's share of a window (see routes/deliver.camel.yaml); returns once it is fsynced. */
    public void writeShare(String tenant, List<RoutedEvent> share) throws IOException {
        append(tenant, share.stream().map(RoutedEvent::json).toList());
    }

    /** One line per compact JSON document (it holds no line break), then fsync. */
    private void append(String tenant, List<byte[]> documents) throws IOException {
        if (documents.isEmpty()) {
            return;
        }
        String stream = perTenant ? "-" + safe(tenant) : "";
        String stem = prefix + "-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + stream;
        appenders.computeIfAbsent(stream, key -> new Appender()).append(stem, documents);
    }

    @Override
    public void close() throws IOException {
        for (Appender appender : appenders.values()) {
            appender.close();
        }
    }

    static String safe(String tenant) {
        return UNSAFE.matcher(tenant == null || tenant.isBlank() ? "default" : tenant.replace('-', '.')).replaceAll("_");
    }

    /** Writes of one stream: the file of the current day and roll number, kept open between windows. */
    private final class Appender {
        private String stem;
        private int rollNumber;
        private FileChannel channel;

        synchronized void append(String lineStem, List<byte[]> documents) throws IOException {
            if (!lineStem.equals(stem)) {
                close();
                openLatest(lineStem);
            }
            int from = 0;
            long size = channel.size();
            for (int i = 0; i < documents.size(); i++) {
                long length = documents.get(i).length + 1L;
                if (size > 0 && size + length > maxFileBytes) {
                    writeAll(documents.subList(from, i));
                    channel.force(true);
                    roll();
                    from = i;
                    size = 0;
                }
                size += length;
            }
            writeAll(documents.subList(from, documents.size()));
            CrashPoint.reach("file");
            channel.force(true);
        }

        synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
                channel = null;
                stem = null;
            }
        }

        private void openLatest(String lineStem) throws IOException {
            stem = lineStem;
            rollNumber = highestRollNumber(lineStem);
            Path file = fileName();
            if (Files.exists(file)) {
                cutPartialLine(file);
            }
            channel = open(file);
        }

        private void roll() throws IOException {
            channel.close();
            rollNumber++;
            channel = open(fileName());
        }

        private Path fileName() {
            return dir.resolve(stem + (rollNumber == 0 ? "" : "-" + rollNumber) + ".ndjson");
        }

        /** Writes whole lines or, on failure, cuts the file back so no partial line stays behind it. */
        private void writeAll(List<byte[]> documents) throws IOException {
            Path file = fileName();
            long start = channel.size();
            try {
                long total = documents.stream().mapToLong(document -> document.length + 1L).sum();
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(WRITE_CHUNK, total));
                for (byte[] document : documents) {
                    if (document.length + 1 > buffer.remaining()) {
                        drain(buffer.flip());
                        buffer.clear();
                    }
                    if (document.length + 1 > buffer.remaining()) {
                        drain(ByteBuffer.wrap(document));
                        drain(ByteBuffer.wrap(NEWLINE));
                    } else {
                        buffer.put(document).put((byte) '\n');
                    }
                }
                drain(buffer.flip());
            } catch (IOException e) {
                undo(start, e);
                throw new IOException("could not append to " + file + " (" + e + "): check free space and"
                        + " permissions of " + dir, e);
            }
        }

        private void drain(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes, channel.size());
            }
        }

        private void undo(long start, IOException cause) {
            try {
                channel.truncate(start);
            } catch (IOException truncateFailed) {
                cause.addSuppressed(truncateFailed);
            }
            try {
                close(); // reopening repairs the tail if the truncate did not take
            } catch (IOException closeFailed) {
                cause.addSuppressed(closeFailed);
            }
        }
    }

    private int highestRollNumber(String stem) throws IOException {
        Pattern rolled = Pattern.compile(Pattern.quote(stem) + "(?:-(\\d+))?\\.ndjson");
        int highest = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "*.ndjson")) {
            for (Path file : files) {
                Matcher matcher = rolled.matcher(file.getFileName().toString());
                if (matcher.matches() && matcher.group(1) != null) {
                    highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
                }
            }
        }
        return highest;
    }

    private FileChannel open(Path file) throws IOException {
        boolean created = Files.notExists(file);
        FileChannel channel = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (created) {
            syncDirectory();
        }
        return channel;
    }

    /** A new file's directory entry must be durable too, or a crash can lose the whole acknowledged file. */
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("directory {} cannot be fsynced on this platform: {}", dir, e.getMessage());
        }
    }

    private void repairPartialLines() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "-*.ndjson")) {
            for (Path file : files) {
                cutPartialLine(file);
            }
        }
    }

    private static void cutPartialLine(Path file) throws IOException {
        PartialLines.cut(file).ifPresent(cut -> LOG.warn("cut {} bytes of a partial last line from {}: an interrupted"
                + " write left it; those events were never acknowledged and will be delivered again", cut, file));
    }
}
