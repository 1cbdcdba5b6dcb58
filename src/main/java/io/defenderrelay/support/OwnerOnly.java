package io.defenderrelay.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files the relay creates hold alerts, checkpoints or refused events: on POSIX file systems they are created for the
 * relay's user only (directories 0700, files 0600), whatever the umask. Existing ones are left as the operator made
 * them (a log shipper's group may read out/ on purpose), with one warning per path when others may read them.
 */
public final class OwnerOnly {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private OwnerOnly() {
    }

    /** Creates {@code dir} and its missing parents as 0700; warns once if it already exists open to others. */
    public static void createDirectories(Path dir) throws IOException {
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        warnIfOpen(dir, "directory");
    }

    /** Opens {@code file}, creating it as 0600 if missing; warns once if it exists open to others. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(file, Set.of(options), fileAttributes());
        warnIfOpen(file, "file");
        return channel;
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /**
     * One WARN naming {@code file} and the fix when its group or others may read it: for credentials (a private key,
     * a token file), which the relay reads but never creates.
     */
    public static void warnIfReadableByOthers(Path file, String what) {
        Set<PosixFilePermission> open = openTo(file);
        if (open.contains(PosixFilePermission.GROUP_READ) || open.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.warn("{} {} is readable by other users ({}): restrict it with `chmod 600 {}`", what, file.toAbsolutePath(),
                    PosixFilePermissions.toString(permissions(file)), file.toAbsolutePath());
        }
    }

    private static void warnIfOpen(Path path, String kind) {
        if (!openTo(path).isEmpty() && WARNED.add(path.toAbsolutePath().normalize())) {
            LOG.warn("{} {} is open to other users ({}); the relay creates its files and directories for its own user only:"
                    + " run `chmod {} {}` unless others must read it", kind, path.toAbsolutePath(),
                    PosixFilePermissions.toString(permissions(path)), kind.equals("file") ? "600" : "700",
                    path.toAbsolutePath());
        }
    }

    /** The group and others permissions {@code path} has; none on a file system without POSIX permissions. */
    private static Set<PosixFilePermission> openTo(Path path) {
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(permissions(path));
        open.retainAll(GROUP_OR_OTHERS);
        return open;
    }

    private static Set<PosixFilePermission> permissions(Path path) {
        if (!POSIX) {
            return Set.of();
        }
        try {
            return Files.getPosixFilePermissions(path);
        } catch (IOException | UnsupportedOperationException e) {
            return Set.of();
        }
    }
}
