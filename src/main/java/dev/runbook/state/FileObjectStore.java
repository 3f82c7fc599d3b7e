package dev.runbook.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A directory as an {@link ObjectStore} ({@code dir:PATH}): for a disk the team's machines share with working POSIX
 * locks and hard links, and for tests that need a store two processes can see. Each object is one file whose first
 * line is its version (a random id per write). A create is a hard link of a finished temporary file (atomic, and it
 * fails when the name exists); a conditional replace or delete holds a short lock on the object's lock file, checks
 * the version and renames a finished file over the old one, so a reader never sees half an object.
 */
public final class FileObjectStore implements ObjectStore {
    private static final String INTERNAL = ".store";
    private final Path root;
    private final String name;
    /** Per lock file, for every store of this JVM on any folder: file locks are per process, so two stores on one folder must share these. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    public FileObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.name = "dir:" + this.root;
        try {
            Files.createDirectories(this.root.resolve(INTERNAL).resolve("tmp"));
            Files.createDirectories(this.root.resolve(INTERNAL).resolve("locks"));
        } catch (AccessDeniedException e) {
            throw new StoreException(StoreException.Kind.DENIED, "no permission to write " + this.root + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot use " + this.root + " as a state store: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return name;
    }

    private Path file(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.startsWith(INTERNAL) || key.contains("..") || key.contains("\\") || key.endsWith("/")) {
            throw new StoreException(StoreException.Kind.CONFIG, "not a store key: '" + key + "'");
        }
        return root.resolve(key);
    }

    @Override
    public Optional<Blob> get(String key) {
        Path f = file(key);
        try {
            return Optional.of(decode(Files.readAllBytes(f), key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<String> createIfAbsent(String key, byte[] bytes) {
        Path f = file(key);
        String v = UUID.randomUUID().toString();
        Path tmp = null;
        try {
            tmp = temp(v, bytes);
            for (int tries = 1; ; tries++) {
                Files.createDirectories(f.getParent());
                try {
                    Files.createLink(f, tmp);
                    return Optional.of(v);
                } catch (FileAlreadyExistsException e) {
                    return Optional.empty();
                } catch (NoSuchFileException e) {
                    // a delete emptied and removed the folder between the two calls: make it again
                    if (tries == 3) throw e;
                }
            }
        } catch (IOException e) {
            throw failure("create", key, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public Optional<String> replaceIfMatch(String key, byte[] bytes, String version) {
        Path f = file(key);
        return locked(key, () -> {
            Optional<Blob> now = get(key);
            if (now.isEmpty() || !now.get().version().equals(version)) return Optional.empty();
            String v = UUID.randomUUID().toString();
            Path tmp = temp(v, bytes);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(v);
        });
    }

    @Override
    public boolean delete(String key, String version) {
        Path f = file(key);
        return locked(key, () -> {
            Optional<Blob> now = get(key);
            if (now.isEmpty() || (version != null && !now.get().version().equals(version))) return false;
            Files.delete(f);
            pruneEmptyParents(f.getParent());
            return true;
        });
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(root)) return keys;
        // walk only the folder the prefix names (runs/<id>/events/ must not read every run)
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) return keys;
        try (Stream<Path> s = Files.walk(start)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String k = root.relativize(p).toString().replace('\\', '/');
                if (!k.startsWith(INTERNAL) && k.startsWith(prefix)) keys.add(k);
            });
        } catch (NoSuchFileException e) {
            // a folder removed while walking (a pruned run): what was listed stands
        } catch (IOException e) {
            throw failure("list", prefix, e);
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) throw failure("list", prefix, e.getCause());
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void close() {}

    private interface Io<T> {
        T run() throws IOException;
    }

    /** The object's lock: one thread of this JVM (file locks are per process) and one process at a time. */
    private <T> T locked(String key, Io<T> body) {
        Path lockFile = root.resolve(INTERNAL).resolve("locks").resolve(Integer.toHexString(key.hashCode()) + "-" + key.replaceAll("[^A-Za-z0-9._-]", "_"));
        ReentrantLock l = LOCAL.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        l.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock fl = ch.lock()) {
            return body.run();
        } catch (IOException e) {
            throw failure("update", key, e);
        } finally {
            l.unlock();
        }
    }

    private Path temp(String version, byte[] bytes) throws IOException {
        Path tmp = root.resolve(INTERNAL).resolve("tmp").resolve(version);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((version + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        return tmp;
    }

    private static Blob decode(byte[] raw, String key) {
        int nl = -1;
        for (int i = 0; i < raw.length && i < 64; i++) {
            if (raw[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) throw new StoreException(StoreException.Kind.CORRUPT, "the object " + key + " has no version line: it was not written by runbook");
        byte[] body = new byte[raw.length - nl - 1];
        System.arraycopy(raw, nl + 1, body, 0, body.length);
        return new Blob(body, new String(raw, 0, nl, StandardCharsets.US_ASCII));
    }

    private void pruneEmptyParents(Path dir) {
        while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stray temporary file in .store/tmp is harmless
        }
    }

    private StoreException failure(String what, String key, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new StoreException(StoreException.Kind.DENIED, "no permission to " + what + " " + key + " in " + name + ": " + e.getMessage(), e);
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, "cannot " + what + " " + key + " in " + name + ": " + e, e);
    }
}
