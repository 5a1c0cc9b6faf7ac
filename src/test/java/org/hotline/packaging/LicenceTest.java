package org.hotline.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One licence, said the same way everywhere a reader or a tool looks for it. */
class LicenceTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void theLicenceFileIsApache2AndTheReadmeThePomAndTheOpenApiDocumentSaySo() throws Exception {
        String licence = Files.readString(PROJECT.resolve("LICENSE"), StandardCharsets.UTF_8);
        assertThat(licence.strip()).startsWith("Apache License\n                           Version 2.0, January 2004");
        assertThat(licence).contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");

        assertThat(Files.readString(PROJECT.resolve("README.md"))).contains("[Apache License 2.0](LICENSE)");
        assertThat(Files.readString(PROJECT.resolve("pom.xml"))).contains("<name>Apache-2.0</name>");

        JsonNode document;
        try (InputStream yaml = LicenceTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(yaml).isNotNull();
            document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        }
        JsonNode declared = document.path("info").path("license");
        assertThat(declared.path("identifier").asText()).isEqualTo("Apache-2.0"); // SPDX
        assertThat(declared.path("name").asText()).isEqualTo("Apache License 2.0");
        assertThat(declared.has("url")).as("OpenAPI 3.1: identifier and url exclude each other").isFalse();
    }
}
