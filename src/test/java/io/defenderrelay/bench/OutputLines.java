package io.defenderrelay.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counts the lines of the relay's alerts-*.ndjson files as they grow, reading only the new bytes and parsing
 * nothing, so that watching for the end of a run takes next to no CPU from the relay being measured.
 */
final class OutputLines {
    private final Path dir;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final byte[] chunk = new byte[1 << 20];
    private long lines;

    OutputLines(Path dir) {
        this.dir = dir;
    }

    /** Lines (complete or not, counted by their newline) written so far. */
    long count() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().startsWith("alerts-")).toList();
        }
        for (Path file : files) {
            offsets.put(file, countNewLines(file, offsets.getOrDefault(file, 0L)));
        }
        return lines;
    }

    /** @return the offset after the bytes read */
    private long countNewLines(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int read; (read = channel.read(ByteBuffer.wrap(chunk), offset)) > 0; offset += read) {
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return offset;
    }
}
