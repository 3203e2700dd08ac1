package com.wwi.lakehouse.landing;

import com.wwi.lakehouse.landing.LandedFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A landing folder on the local file system: {@code root/<dataset>/<name>}; moved files go to the siblings
 * {@code root/../archive} and {@code root/../rejected}. The ETag is a SHA-256 of the content (local files have
 * none), so the same bytes under the same name land once.
 */
public final class LocalLandingStore implements LandingStore {
    private final Path root;
    private final Path archive;
    private final Path rejected;

    public LocalLandingStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path parent = this.root.getParent() == null ? this.root : this.root.getParent();
        this.archive = parent.resolve("archive");
        this.rejected = parent.resolve("rejected");
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path base = prefix.isEmpty() ? root : resolve(prefix);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @Override
    public LandedFile file(String path) throws IOException {
        Path p = resolve(path);
        long size = Files.size(p);
        return new LandedFile(path, ContentHash.of(Files.newInputStream(p)), size, () -> Files.newInputStream(p));
    }

    @Override
    public LandingStore archive() {
        return new LocalLandingStore(archive);
    }

    @Override
    public void moveAway(String path, boolean isRejected, String reason) throws IOException {
        Path from = resolve(path);
        Path to = (isRejected ? rejected : archive).resolve(path).normalize();
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        if (isRejected && reason != null) {
            Files.writeString(to.resolveSibling(to.getFileName() + ".reason.txt"), reason + "\n", StandardCharsets.UTF_8);
        }
    }

    private Path resolve(String path) {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path leaves the landing folder: " + path);
        }
        return p;
    }
}
