package org.hotline.packaging;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The station's container image: a Java runtime made by jlink with just the C libraries it needs
 * (no distribution, no shell), the jars, a non-root user, the data folder as a volume, both ports.
 * Run by scripts/build-packages.sh, which prepares the layers' folders.
 */
public final class HotlineImage {
    /** The station's user and group in the image (no name clash with a host's users by accident). */
    public static final int UID = 10001;

    public static final String DATA = "/var/lib/hotline";
    public static final String JAVA = "/opt/java/bin/java";
    public static final String JAR = "/opt/hotline/hotline.jar";

    private HotlineImage() {}

    /** Arguments: OUT.tar VERSION BASE RUNTIME LIBRARIES APPLICATION (the four layers' folders). */
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: HotlineImage OUT.tar VERSION BASE RUNTIME LIBRARIES APPLICATION");
            System.exit(2);
        }
        String digest = OciImage.write(Path.of(args[0]), "hotline", args[1], config(args[1]),
                layers(Path.of(args[2]), Path.of(args[3]), Path.of(args[4]), Path.of(args[5])));
        System.out.println("image hotline:" + args[1] + " " + digest + " in " + args[0]);
    }

    public static OciImage.Config config(String version) {
        return new OciImage.Config(
                UID + ":" + UID,
                List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", JAR),
                List.of("serve", "--data", DATA + "/station"),
                List.of(
                        "PATH=/opt/java/bin:/usr/bin:/bin",
                        "JAVA_HOME=/opt/java",
                        "HOME=" + DATA,
                        "HOTLINE_DATA=" + DATA + "/station",
                        // In a container the ports are reached through the engine's port mapping:
                        // listen on every interface of the container; publish the API to loopback only.
                        "HOTLINE_FEDERATION_LISTEN=0.0.0.0:7443",
                        "HOTLINE_API_LISTEN=0.0.0.0:7444",
                        "HOTLINE_LOG_FORMAT=json"),
                List.of(7443, 7444),
                List.of(DATA),
                DATA,
                Map.of(
                        "org.opencontainers.image.title", "Hotline",
                        "org.opencontainers.image.description", "A Hotline station",
                        "org.opencontainers.image.version", version,
                        "org.opencontainers.image.licenses", "Apache-2.0"),
                List.of(JAVA, "-XX:TieredStopAtLevel=1", "-cp", JAR, HealthCheck.class.getName(),
                        "http://127.0.0.1:7444/api/v1/health"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                3);
    }

    public static List<OciImage.Layer> layers(Path base, Path runtime, Path libraries, Path application) {
        return List.of(
                new OciImage.Layer("C libraries the runtime links, /etc/passwd with the hotline user, /tmp, the data folder", base,
                        Map.of(
                                "tmp", new OciImage.Attributes(01777, 0, 0),
                                DATA.substring(1), new OciImage.Attributes(0700, UID, UID))),
                new OciImage.Layer("Java runtime (jlink)", runtime, Map.of()),
                new OciImage.Layer("libraries", libraries, Map.of()),
                new OciImage.Layer("hotline.jar", application, Map.of()));
    }
}
