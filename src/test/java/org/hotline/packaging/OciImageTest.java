package org.hotline.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image writer's output, read back by GNU tar and by the rules of the OCI image layout. */
class OciImageTest {
    @TempDir
    Path temp;

    private static final String LONG_NAME = "opt/" + "a-rather-long-folder-name/".repeat(4) + "and-a-file-whose-name-is-long-too.jar";

    @Test
    void writesAnImageLayoutThatGnuTarUnpacksAndWhoseDigestsAndConfigHold() throws Exception {
        List<OciImage.Layer> layers = layers();
        Path out = temp.resolve("image.tar");
        String digest = OciImage.write(out, "hotline", "1.2.3", config(), layers);

        ImageArchive image = ImageArchive.open(out, temp.resolve("unpacked"));
        assertThat(image.index().path("manifests").get(0).path("digest").asText()).isEqualTo(digest);
        assertThat(image.index().path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo("1.2.3");
        assertThat(image.strings(image.dockerManifest().path("RepoTags"))).containsExactly("hotline:1.2.3");

        JsonNode config = image.config().path("config");
        assertThat(image.config().path("os").asText()).isEqualTo("linux");
        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.strings(config.path("Entrypoint"))).containsExactly("/opt/java/bin/java", "-jar", "/opt/app.jar");
        assertThat(config.path("ExposedPorts").has("7443/tcp")).isTrue();
        assertThat(config.path("ExposedPorts").has("7444/tcp")).isTrue();
        assertThat(config.path("Volumes").has("/var/lib/hotline")).isTrue();
        assertThat(image.strings(config.path("Healthcheck").path("Test"))).containsExactly("CMD", "/bin/check");
        assertThat(config.path("Healthcheck").path("Interval").asLong()).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(image.config().path("history")).hasSize(2);

        Map<String, TarReader.Entry> entries = image.entries(1 << 20).stream()
                .collect(Collectors.toMap(TarReader.Entry::name, Function.identity()));
        assertThat(entries.get("etc/passwd").text()).isEqualTo("hotline:x:10001:10001::/var/lib/hotline:/sbin/nologin\n");
        assertThat(entries.get("etc/passwd").mode()).isEqualTo(0644);
        assertThat(entries.get("opt/run").mode()).as("owner-executable becomes 0755").isEqualTo(0755);
        assertThat(entries.get("tmp/").mode()).isEqualTo(01777);
        assertThat(entries.get("var/lib/hotline/")).satisfies(data -> {
            assertThat(data.mode()).isEqualTo(0700);
            assertThat(data.uid()).isEqualTo(10001);
            assertThat(data.gid()).isEqualTo(10001);
        });
        assertThat(entries.get("opt/link").type()).isEqualTo('2');
        assertThat(entries.get("opt/link").link()).isEqualTo("run");
        assertThat(entries.get(LONG_NAME).text()).isEqualTo("long");
        // GNU tar read the long name from the PAX header too.
        Path unpackedLayer = temp.resolve("layer");
        Files.createDirectories(unpackedLayer);
        Process untar = new ProcessBuilder("tar", "-xf", image.layers().get(1).toString(), "-C", unpackedLayer.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(untar.waitFor()).isZero();
        assertThat(unpackedLayer.resolve(LONG_NAME)).hasContent("long");
        assertThat(Files.readSymbolicLink(unpackedLayer.resolve("opt/link"))).isEqualTo(Path.of("run"));
    }

    @Test
    void theSameFilesMakeTheSameImage() throws Exception {
        List<OciImage.Layer> layers = layers();
        Path first = temp.resolve("first.tar");
        Path second = temp.resolve("second.tar");
        String digest = OciImage.write(first, "hotline", "1", config(), layers);
        // The build machine's clock and umask must not matter: touch and loosen a file, same image.
        Path passwd = layers.get(0).root().resolve("etc/passwd");
        Files.setLastModifiedTime(passwd, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 86_400_000));
        Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-rw-r--"));

        assertThat(OciImage.write(second, "hotline", "1", config(), layers)).isEqualTo(digest);
        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
        try (var leftovers = Files.list(temp)) {
            assertThat(leftovers.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".image-"));
        }
    }

    @Test
    void paxRecordsCountTheirOwnLength() {
        assertThat(TarWriter.paxRecord("path", "a")).isEqualTo("9 path=a\n"); // 9 bytes, its own length included
        // " path=" + 91 bytes + "\n" is 98: with two digits 100, which takes three, so 101.
        String record = TarWriter.paxRecord("path", "x".repeat(91));
        assertThat(record).startsWith("101 ");
        assertThat(record.length()).isEqualTo(101);
    }

    private List<OciImage.Layer> layers() throws Exception {
        Path base = temp.resolve("base");
        Files.createDirectories(base.resolve("etc"));
        Files.createDirectories(base.resolve("tmp"));
        Files.createDirectories(base.resolve("var/lib/hotline"));
        Files.writeString(base.resolve("etc/passwd"), "hotline:x:10001:10001::/var/lib/hotline:/sbin/nologin\n");
        Path app = temp.resolve("app");
        Files.createDirectories(app.resolve(LONG_NAME).getParent());
        Files.writeString(app.resolve(LONG_NAME), "long");
        Files.writeString(app.resolve("opt/run"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(app.resolve("opt/run"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(app.resolve("opt/link"), Path.of("run"));
        return List.of(
                new OciImage.Layer("base", base, Map.of(
                        "tmp", new OciImage.Attributes(01777, 0, 0),
                        "var/lib/hotline", new OciImage.Attributes(0700, 10001, 10001))),
                new OciImage.Layer("app", app, Map.of()));
    }

    private static OciImage.Config config() {
        return new OciImage.Config("10001:10001", List.of("/opt/java/bin/java", "-jar", "/opt/app.jar"), List.of("serve"),
                List.of("HOME=/var/lib/hotline"), List.of(7443, 7444), List.of("/var/lib/hotline"), "/var/lib/hotline",
                Map.of("org.opencontainers.image.licenses", "Apache-2.0"), List.of("/bin/check"), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(60), 3);
    }
}
