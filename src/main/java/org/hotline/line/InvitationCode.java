package org.hotline.line;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.config.Address;
import org.hotline.delivery.Wire;
import org.hotline.protocol.LineId;
import org.hotline.protocol.StationId;

/**
 * What one operator hands the other to open a line: the inviting station's id (to pin), its name
 * and address, the line, a one-time secret and an expiry. Printed as one copyable token.
 */
public record InvitationCode(
        StationId station, String stationName, Address address, LineId line, String lineName, String secret, Instant expires) {
    private static final String PREFIX = "hotline-invitation:";

    public InvitationCode {
        requireNonNull(station, "station is null");
        requireNonNull(stationName, "stationName is null");
        requireNonNull(address, "address is null");
        requireNonNull(line, "line is null");
        requireNonNull(lineName, "lineName is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(expires, "expires is null");
    }

    public String encode() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("v", 1);
        fields.put("station", station.value());
        fields.put("name", stationName);
        fields.put("address", address.toString());
        fields.put("line", line.value());
        fields.put("lineName", lineName);
        fields.put("secret", secret);
        fields.put("expires", expires.toString());
        try {
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Wire.JSON.writeValueAsBytes(fields));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static InvitationCode decode(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a Hotline invitation: it should start with '" + PREFIX + "'");
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(trimmed.substring(PREFIX.length()));
            if (json.length > 4096) {
                throw new IllegalArgumentException("invitation is too long");
            }
            JsonNode node = Wire.JSON.readTree(json);
            if (node.path("v").asInt() != 1) {
                throw new IllegalArgumentException("invitation version is not supported");
            }
            return new InvitationCode(
                    StationId.parse(text(node, "station")),
                    text(node, "name"),
                    Address.parse(text(node, "address")),
                    new LineId(text(node, "line")),
                    LineNames.check(text(node, "lineName")),
                    text(node, "secret"),
                    Instant.parse(text(node, "expires")));
        } catch (IOException | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("invitation is damaged (" + new String(detail.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "); ask for it to be sent again", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing");
        }
        return value.textValue();
    }
}
