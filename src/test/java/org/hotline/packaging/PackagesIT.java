package org.hotline.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages the "packages" profile built (target/hotline-image.tar, target/hotline_*.deb), read
 * as an engine and dpkg would. Run by failsafe after scripts/build-packages.sh; the .deb is also
 * installed and run by scripts/ci-install-deb.sh in CI.
 */
class PackagesIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    void theImageRunsTheStationAsItsOwnUserWithTheDataFolderAsAVolumeBothPortsAndAHealthCheck() throws Exception {
        ImageArchive image = ImageArchive.open(TARGET.resolve("hotline-image.tar"), temp.resolve("image"));
        JsonNode config = image.config().path("config");
        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.strings(config.path("Entrypoint")))
                .containsExactly("/opt/java/bin/java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/hotline/hotline.jar");
        assertThat(image.strings(config.path("Cmd"))).containsExactly("serve", "--data", "/var/lib/hotline/station");
        List<String> ports = new ArrayList<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder("7443/tcp", "7444/tcp");
        List<String> volumes = new ArrayList<>();
        config.path("Volumes").fieldNames().forEachRemaining(volumes::add);
        assertThat(volumes).containsExactly("/var/lib/hotline");
        assertThat(image.strings(config.path("Healthcheck").path("Test")))
                .startsWith("CMD", "/opt/java/bin/java")
                .contains(HealthCheck.class.getName())
                .last().isEqualTo("http://127.0.0.1:7444/api/v1/health");
        assertThat(image.strings(config.path("Env"))).contains("HOTLINE_API_LISTEN=0.0.0.0:7444", "HOTLINE_FEDERATION_LISTEN=0.0.0.0:7443");
        assertThat(config.path("Labels").path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");

        Map<String, TarReader.Entry> files = image.entries(1 << 16).stream()
                .collect(Collectors.toMap(TarReader.Entry::name, Function.identity(), (earlier, later) -> later));
        assertThat(files).containsKeys("opt/java/bin/java", "opt/hotline/hotline.jar", "lib64/ld-linux-x86-64.so.2");
        assertThat(files.get("etc/passwd").text()).contains("hotline:x:10001:10001:");
        assertThat(files.get("var/lib/hotline/")).satisfies(data -> {
            assertThat(data.uid()).isEqualTo(10001);
            assertThat(data.mode()).isEqualTo(0700);
        });
        assertThat(files.values()).as("nothing else belongs to anyone but root")
                .filteredOn(entry -> !entry.name().equals("var/lib/hotline/"))
                .allSatisfy(entry -> assertThat(entry.uid()).isZero());
        assertThat(files.keySet()).as("no shell, no distribution").doesNotContain("bin/sh", "usr/bin/env");
    }

    /**
     * The image's files as the container's root, run as the image's user with its entrypoint: init,
     * serve, then the image's own health check answers healthy. A chroot in a private mount
     * namespace (root only; CI is root) stands in for the container engine this machine lacks.
     * Loopback ports are free ones, not 7443/7444, so parallel builds do not collide.
     */
    @Test
    void theImagesOwnFilesRunAStationThatItsHealthCheckFindsHealthy() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root; CI runs this as root");
        ImageArchive image = ImageArchive.open(TARGET.resolve("hotline-image.tar"), temp.resolve("image"));
        Path root = temp.resolve("rootfs");
        Files.createDirectories(root);
        for (Path layer : image.layers()) {
            run(List.of("tar", "-xf", layer.toString(), "-C", root.toString()), Duration.ofSeconds(60));
        }
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("proc"));
        JsonNode config = image.config().path("config");
        List<String> entrypoint = image.strings(config.path("Entrypoint"));
        int federation = freePort();
        int api = freePort();
        List<String> env = new ArrayList<>(image.strings(config.path("Env")));
        env.replaceAll(variable -> variable
                .replace("HOTLINE_FEDERATION_LISTEN=0.0.0.0:7443", "HOTLINE_FEDERATION_LISTEN=127.0.0.1:" + federation)
                .replace("HOTLINE_API_LISTEN=0.0.0.0:7444", "HOTLINE_API_LISTEN=127.0.0.1:" + api));

        List<String> init = new ArrayList<>(entrypoint);
        init.addAll(List.of("init", "--data", "/var/lib/hotline/station", "--name", "Image", "--advertise", "127.0.0.1:" + federation));
        assertThat(run(inContainer(root, config, env, init), Duration.ofSeconds(120))).contains("Station \"Image\" created");

        List<String> serve = new ArrayList<>(entrypoint);
        serve.addAll(image.strings(config.path("Cmd")));
        Process station = new ProcessBuilder(inContainer(root, config, env, serve))
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("serve.log").toFile())
                .start();
        try {
            List<String> test = image.strings(config.path("Healthcheck").path("Test"));
            List<String> check = new ArrayList<>(test.subList(1, test.size())); // after "CMD"
            check.set(check.size() - 1, "http://127.0.0.1:" + api + "/api/v1/health");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .failFast("the station exited: " + Files.readString(temp.resolve("serve.log")), () -> !station.isAlive())
                    .until(() -> exitCode(inContainer(root, config, env, check)) == 0);
            Path data = root.resolve("var/lib/hotline/station");
            assertThat(Files.getAttribute(data.resolve("identity.key"), "unix:uid")).isEqualTo(10001);
        } finally {
            // The station's JVM changed user under chroot, so no parent-death signal reaches it: stop it by its id.
            station.descendants().forEach(ProcessHandle::destroy);
            station.destroy();
            if (!station.waitFor(20, TimeUnit.SECONDS)) {
                station.destroyForcibly();
            }
        }
    }

    @Test
    void theDebianPackageDeclaresItsFilesAndWhatItNeeds() throws Exception {
        Path deb;
        try (Stream<Path> files = Files.list(TARGET)) {
            deb = files.filter(path -> path.getFileName().toString().matches("hotline_.*_all\\.deb")).findFirst().orElseThrow();
        }
        String control = run(List.of("dpkg-deb", "-f", deb.toString()), Duration.ofSeconds(30));
        assertThat(control).contains("Package: hotline", "Architecture: all", "Depends: adduser",
                "Recommends: openjdk-21-jre-headless | openjdk-25-jre-headless");
        String contents = run(List.of("dpkg-deb", "-c", deb.toString()), Duration.ofSeconds(30));
        assertThat(contents).contains("./usr/bin/hotline", "./usr/share/hotline/hotline.jar", "./lib/systemd/system/hotline.service",
                "./usr/share/man/man1/hotline.1.gz", "./usr/share/man/man1/hotline-serve.1.gz",
                "./usr/share/bash-completion/completions/hotline", "./etc/hotline/hotline.env", "./usr/share/doc/hotline/copyright");
        Path unpacked = temp.resolve("deb");
        run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), Duration.ofSeconds(60));
        assertThat(unpacked.resolve("lib/systemd/system/hotline.service")).content()
                .contains("ExecStart=/usr/bin/hotline serve --data /var/lib/hotline/station", "User=hotline",
                        "ProtectSystem=strict", "ConditionPathExists=/var/lib/hotline/station/hotline.conf");
        String manual = run(List.of("man", "-l", unpacked.resolve("usr/share/man/man1/hotline-init.1.gz").toString()),
                Duration.ofSeconds(30));
        assertThat(manual).contains("hotline init", "--advertise");
    }

    private static List<String> inContainer(Path root, JsonNode config, List<String> env, List<String> command) {
        // A private mount namespace: /dev and /proc are bound into the root and gone when it ends.
        List<String> line = new ArrayList<>(List.of("unshare", "--mount", "--fork", "--", "sh", "-c",
                "mount --rbind /dev \"$0/dev\" && mount -t proc proc \"$0/proc\" && exec \"$@\"", root.toString(),
                "/usr/bin/env", "-i"));
        line.addAll(env);
        line.addAll(List.of("/usr/sbin/chroot", "--userspec=" + config.path("User").asText(), root.toString()));
        line.addAll(command);
        return line;
    }

    private static String run(List<String> command, Duration limit) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }

    private static int exitCode(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
