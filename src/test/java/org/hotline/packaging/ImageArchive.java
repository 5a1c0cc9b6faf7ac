package org.hotline.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An image tar as an engine would read it: unpacked by GNU tar (an implementation other than
 * ours), then index.json to the manifest to the config, every blob checked against its digest.
 */
record ImageArchive(Path dir, JsonNode index, JsonNode manifest, JsonNode config, JsonNode dockerManifest, List<Path> layers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ImageArchive open(Path tar, Path into) throws Exception {
        Files.createDirectories(into);
        Process untar = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", into.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(untar.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(untar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue()).as("tar -xf: %s", output).isZero();

        assertThat(JSON.readTree(into.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
        JsonNode index = JSON.readTree(into.resolve("index.json").toFile());
        assertThat(index.path("manifests")).hasSize(1);
        JsonNode manifest = JSON.readTree(blob(into, index.path("manifests").get(0), OciImage.MANIFEST_TYPE).toFile());
        JsonNode config = JSON.readTree(blob(into, manifest.path("config"), OciImage.CONFIG_TYPE).toFile());
        List<Path> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(blob(into, layer, OciImage.LAYER_TYPE));
        }
        // Uncompressed layers: each diff_id is the layer blob's own digest.
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        assertThat(diffIds).containsExactlyElementsOf(layers.stream().map(path -> "sha256:" + path.getFileName()).toList());

        JsonNode docker = JSON.readTree(into.resolve("manifest.json").toFile());
        assertThat(docker).hasSize(1);
        assertThat(docker.get(0).path("Config").asText())
                .isEqualTo("blobs/sha256/" + manifest.path("config").path("digest").asText().substring(7));
        List<String> dockerLayers = new ArrayList<>();
        docker.get(0).path("Layers").forEach(layer -> dockerLayers.add(layer.asText()));
        assertThat(dockerLayers).containsExactlyElementsOf(
                layers.stream().map(path -> "blobs/sha256/" + path.getFileName()).toList());
        return new ImageArchive(into, index, manifest, config, docker.get(0), layers);
    }

    /** The blob a descriptor names, after checking its media type, size and digest. */
    private static Path blob(Path dir, JsonNode descriptor, String mediaType) throws IOException {
        assertThat(descriptor.path("mediaType").asText()).isEqualTo(mediaType);
        String digest = descriptor.path("digest").asText();
        assertThat(digest).startsWith("sha256:");
        Path file = dir.resolve("blobs/sha256").resolve(digest.substring(7));
        assertThat(file).exists();
        assertThat(Files.size(file)).isEqualTo(descriptor.path("size").asLong());
        assertThat("sha256:" + sha256(file)).as("digest of %s", file).isEqualTo(digest);
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every entry of every layer, in order (later layers last); contents kept up to {@code keepUpTo} bytes. */
    List<TarReader.Entry> entries(long keepUpTo) throws IOException {
        List<TarReader.Entry> all = new ArrayList<>();
        for (Path layer : layers) {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(layer))) {
                all.addAll(TarReader.read(in, keepUpTo));
            }
        }
        return all;
    }

    List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
