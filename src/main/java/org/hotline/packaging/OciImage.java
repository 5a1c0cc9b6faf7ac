package org.hotline.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a container image as one tar file, without a container engine or a registry: an OCI image
 * layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}) that also carries
 * Docker's {@code manifest.json}, so both {@code docker load} and {@code podman load} read it.
 * Layers are uncompressed tars of folders prepared by scripts/build-packages.sh; every time stamp
 * and owner is fixed, so the same files give the same image digest.
 *
 * <p>Jib cannot be used here: it needs a base image from a registry (only Maven Central is
 * reachable), and it cannot set a health check.
 */
public final class OciImage {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    /** Owner and mode of one path in a layer, where the folder's own do not fit (e.g. a sticky /tmp). */
    public record Attributes(int mode, int uid, int gid) {}

    /** The files under {@code root} as they appear from the image's root; {@code special} by relative path. */
    public record Layer(String description, Path root, Map<String, Attributes> special) {
        public Layer {
            special = Map.copyOf(special);
        }
    }

    /** What a container of the image runs, and how. */
    public record Config(
            String user,
            List<String> entrypoint,
            List<String> cmd,
            List<String> env,
            List<Integer> tcpPorts,
            List<String> volumes,
            String workingDir,
            Map<String, String> labels,
            List<String> healthCommand,
            Duration healthInterval,
            Duration healthTimeout,
            Duration healthStartPeriod,
            int healthRetries) {
        public Config {
            entrypoint = List.copyOf(entrypoint);
            cmd = List.copyOf(cmd);
            env = List.copyOf(env);
            tcpPorts = List.copyOf(tcpPorts);
            volumes = List.copyOf(volumes);
            labels = Map.copyOf(labels);
            healthCommand = List.copyOf(healthCommand);
        }
    }

    private record Blob(String digest, long size, Path file) {}

    private OciImage() {}

    /**
     * Writes the image to {@code out} (replaced only once complete), named {@code name:tag}.
     * Returns the manifest's digest ({@code sha256:...}), the image's identity in a registry.
     */
    public static String write(Path out, String name, String tag, Config config, List<Layer> layers) throws IOException {
        Path work = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".image-");
        try {
            List<Blob> layerBlobs = new ArrayList<>();
            for (Layer layer : layers) {
                layerBlobs.add(layerBlob(layer, work));
            }
            Blob configBlob = jsonBlob(work, configJson(config, layers, layerBlobs));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST_TYPE);
            manifest.put("config", descriptor(CONFIG_TYPE, configBlob));
            manifest.put("layers", layerBlobs.stream().map(blob -> descriptor(LAYER_TYPE, blob)).toList());
            Blob manifestBlob = jsonBlob(work, manifest);

            Map<String, Object> reference = descriptor(MANIFEST_TYPE, manifestBlob);
            reference.put("annotations", Map.of(
                    "org.opencontainers.image.ref.name", tag, "io.containerd.image.name", name + ":" + tag));
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("schemaVersion", 2);
            index.put("mediaType", "application/vnd.oci.image.index.v1+json");
            index.put("manifests", List.of(reference));
            Map<String, Object> dockerManifest = new LinkedHashMap<>();
            dockerManifest.put("Config", "blobs/sha256/" + hex(configBlob));
            dockerManifest.put("RepoTags", List.of(name + ":" + tag));
            dockerManifest.put("Layers", layerBlobs.stream().map(blob -> "blobs/sha256/" + hex(blob)).toList());

            Path partial = work.resolve("image.tar");
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                    TarWriter tar = new TarWriter(file)) {
                tar.file("oci-layout", 0644, JSON.writeValueAsBytes(Map.of("imageLayoutVersion", "1.0.0")));
                tar.file("index.json", 0644, JSON.writeValueAsBytes(index));
                tar.file("manifest.json", 0644, JSON.writeValueAsBytes(List.of(dockerManifest)));
                tar.directory("blobs", 0755, 0, 0);
                tar.directory("blobs/sha256", 0755, 0, 0);
                List<Blob> blobs = new ArrayList<>(layerBlobs);
                blobs.add(configBlob);
                blobs.add(manifestBlob);
                for (Blob blob : blobs) {
                    try (InputStream content = Files.newInputStream(blob.file())) {
                        tar.file("blobs/sha256/" + hex(blob), 0644, 0, 0, blob.size(), content);
                    }
                }
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return manifestBlob.digest();
        } finally {
            deleteTree(work);
        }
    }

    private static Map<String, Object> configJson(Config config, List<Layer> layers, List<Blob> layerBlobs) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("User", config.user());
        Map<String, Object> ports = new LinkedHashMap<>();
        config.tcpPorts().forEach(port -> ports.put(port + "/tcp", Map.of()));
        container.put("ExposedPorts", ports);
        container.put("Env", config.env());
        container.put("Entrypoint", config.entrypoint());
        container.put("Cmd", config.cmd());
        Map<String, Object> volumes = new LinkedHashMap<>();
        config.volumes().forEach(volume -> volumes.put(volume, Map.of()));
        container.put("Volumes", volumes);
        container.put("WorkingDir", config.workingDir());
        container.put("Labels", new java.util.TreeMap<>(config.labels()));
        // Docker's extension of the image config (OCI has no health check); Docker and Podman's
        // Docker-format handling read it. Durations are in nanoseconds.
        Map<String, Object> health = new LinkedHashMap<>();
        List<String> test = new ArrayList<>();
        test.add("CMD");
        test.addAll(config.healthCommand());
        health.put("Test", test);
        health.put("Interval", config.healthInterval().toNanos());
        health.put("Timeout", config.healthTimeout().toNanos());
        health.put("StartPeriod", config.healthStartPeriod().toNanos());
        health.put("Retries", config.healthRetries());
        container.put("Healthcheck", health);

        Map<String, Object> image = new LinkedHashMap<>();
        image.put("created", "1970-01-01T00:00:01Z");
        image.put("architecture", goArchitecture());
        image.put("os", "linux");
        image.put("config", container);
        image.put("rootfs", Map.of("type", "layers", "diff_ids", layerBlobs.stream().map(Blob::digest).toList()));
        image.put("history", layers.stream()
                .map(layer -> Map.of("created", "1970-01-01T00:00:01Z", "created_by", layer.description()))
                .toList());
        return image;
    }

    /** The image's architecture in Go's words (what registries and engines compare), from the JVM's. */
    static String goArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static Map<String, Object> descriptor(String mediaType, Blob blob) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", blob.digest());
        descriptor.put("size", blob.size());
        return descriptor;
    }

    private static Blob jsonBlob(Path work, Object value) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        Path file = Files.createTempFile(work, "blob", ".json");
        Files.write(file, bytes);
        return new Blob("sha256:" + HexFormat.of().formatHex(sha256().digest(bytes)), bytes.length, file);
    }

    private static Blob layerBlob(Layer layer, Path work) throws IOException {
        Path file = Files.createTempFile(work, "layer", ".tar");
        MessageDigest digest = sha256();
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                DigestOutputStream digesting = new DigestOutputStream(raw, digest);
                TarWriter tar = new TarWriter(digesting)) {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(layer.root())) {
                // sorted, so that the same folder always makes the same bytes
                paths = walk.filter(path -> !path.equals(layer.root()))
                        .sorted((a, b) -> relative(layer.root(), a).compareTo(relative(layer.root(), b)))
                        .toList();
            }
            for (Path path : paths) {
                addEntry(tar, layer, path);
            }
        }
        return new Blob("sha256:" + HexFormat.of().formatHex(digest.digest()), Files.size(file), file);
    }

    private static void addEntry(TarWriter tar, Layer layer, Path path) throws IOException {
        String name = relative(layer.root(), path);
        Attributes special = layer.special().get(name);
        if (Files.isSymbolicLink(path)) {
            tar.symlink(name, Files.readSymbolicLink(path).toString(), 0, 0);
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Attributes attributes = special != null ? special : new Attributes(0755, 0, 0);
            tar.directory(name, attributes.mode(), attributes.uid(), attributes.gid());
        } else {
            // Modes are normalised (0755 if the owner may run it, else 0644): the build machine's
            // umask must not change the image.
            boolean executable = Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_EXECUTE);
            Attributes attributes = special != null ? special : new Attributes(executable ? 0755 : 0644, 0, 0);
            try (InputStream content = Files.newInputStream(path)) {
                tar.file(name, attributes.mode(), attributes.uid(), attributes.gid(), Files.size(path), content);
            }
        }
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static String hex(Blob blob) {
        return blob.digest().substring("sha256:".length());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
