package io.defenderrelay.graph;

import io.defenderrelay.support.CrashPoint;
import io.defenderrelay.support.OwnerOnly;
import io.defenderrelay.support.Trouble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * One small JSON file per tenant in the state directory, replaced atomically (temp file, fsync, rename); the directory
 * and files are created for the relay's user only.
 */
public final class FileCheckpointStore implements CheckpointStore {
    /** A checkpoint the relay cannot trust stops its tenant rather than guess a position. */
    public static final Trouble CORRUPT = new Trouble("`tenant:<name>` DOWN \"stopped: checkpoint ... is not valid\"",
            "checkpoint {file} of tenant {tenant} is not valid ({detail}); the tenant is stopped instead of restarting"
                    + " from scratch", "restore the file, or set the position deliberately by writing"
                    + " `{\"windowEnd\":\"<ISO instant>\",\"savedAt\":\"<ISO instant>\"}` into it, or delete it to start"
                    + " again from relay.backfill.start; then restart the relay");


    private final Path dir;

    public FileCheckpointStore(Path dir) {
        this.dir = dir;
    }

    Path fileOf(String tenant) {
        return dir.resolve(tenant + ".checkpoint.json");
    }

    @Override
    public Optional<Checkpoint> load(String tenant) {
        Path file = fileOf(tenant);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CheckpointCorruptException("cannot read checkpoint " + file.toAbsolutePath() + " of tenant " + tenant
                    + " (" + e + "): fix its permissions; the tenant stays stopped rather than restart from scratch", e);
        }
        try {
            return Optional.of(CheckpointJson.read(tenant, bytes));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointCorruptException(CORRUPT.said(Map.of("file", file.toAbsolutePath().toString(),
                    "tenant", tenant, "detail", String.valueOf(e.getMessage()))), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        Path file = fileOf(checkpoint.tenant());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            OwnerOnly.createDirectories(dir);
            try (FileChannel channel = OwnerOnly.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(CheckpointJson.write(checkpoint)));
                channel.force(true);
            }
            CrashPoint.reach("checkpoint");
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the state directory " + dir + " does not support atomic renames", e);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The rename is durable only once the directory entry is on disk. */
    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some filesystems refuse to open directories; the rename itself is still atomic there
        }
    }
}
