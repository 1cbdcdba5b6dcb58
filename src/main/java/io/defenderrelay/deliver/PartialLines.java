package io.defenderrelay.deliver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/** Cuts a trailing line without its final {@code \n} off an NDJSON file: what a killed writer leaves behind. */
final class PartialLines {
    private static final int CHUNK = 64 * 1024;

    private PartialLines() {
    }

    /** @return how many bytes were cut, if any */
    static OptionalLong cut(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = endOfLastLine(channel, size);
            if (keep == size) {
                return OptionalLong.empty();
            }
            channel.truncate(keep);
            channel.force(true);
            return OptionalLong.of(size - keep);
        }
    }

    /** Position just after the last {@code \n}, or 0 when there is none. */
    private static long endOfLastLine(FileChannel channel, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - CHUNK);
            buffer.clear().limit((int) (end - start));
            readFully(channel, buffer, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file shrank while its last line was being checked");
            }
        }
    }
}
