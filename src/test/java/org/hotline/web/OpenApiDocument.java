package org.hotline.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The parsed OpenAPI document, with a small JSON Schema checker for the subset it uses. */
final class OpenApiDocument {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    static OpenApiDocument parse(byte[] yaml) {
        ObjectMapper mapper = new YAMLMapper();
        try {
            return new OpenApiDocument(mapper.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not valid YAML", e);
        }
    }

    /** Every operation: route to its operation object. */
    Map<ApiRoutes.Route, JsonNode> operations() {
        Map<ApiRoutes.Route, JsonNode> operations = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> path : fields(root.path("paths"))) {
            for (Map.Entry<String, JsonNode> item : fields(path.getValue())) {
                if (METHODS.contains(item.getKey())) {
                    operations.put(new ApiRoutes.Route(item.getKey().toUpperCase(Locale.ROOT), path.getKey()), item.getValue());
                }
            }
        }
        return operations;
    }

    JsonNode schema(String name) {
        JsonNode schema = root.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            throw new AssertionError("no schema " + name);
        }
        return schema;
    }

    /** Follows a local {@code $ref} such as {@code #/components/schemas/Error}. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            if (hops > 10) {
                throw new AssertionError("$ref loop at " + node);
            }
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new AssertionError("not a local $ref: " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new AssertionError("$ref " + ref + " points nowhere");
            }
        }
        return current;
    }

    /** Every {@code $ref} anywhere in the document. */
    List<String> refs() {
        List<String> refs = new ArrayList<>();
        collectRefs(root, refs);
        return refs;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                refs.add(node.get("$ref").asText());
            }
            node.forEach(child -> collectRefs(child, refs));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    /** Property names of an object schema. */
    Set<String> properties(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        resolve(schema).path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    Set<String> required(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        resolve(schema).path("required").forEach(name -> names.add(name.asText()));
        return names;
    }

    /**
     * Checks {@code value} against {@code schema}: $ref, type, required, properties,
     * additionalProperties false, items, enum, pattern, format date-time, minimum and maximum.
     * Returns the problems found, each with the JSON path where it is.
     */
    List<String> check(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private void check(JsonNode value, JsonNode schemaOrRef, String where, List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "" -> true;
            default -> false;
        };
        if (!typeOk) {
            problems.add(where + ": expected " + type + ", got " + value.getNodeType() + " " + value);
            return;
        }
        if (schema.has("enum")) {
            Set<JsonNode> allowed = new HashSet<>();
            schema.get("enum").forEach(allowed::add);
            if (!allowed.contains(value)) {
                problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isTextual()) {
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                problems.add(where + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
            }
            if (schema.path("format").asText("").equals("date-time")) {
                try {
                    Instant.parse(value.asText());
                } catch (DateTimeParseException e) {
                    problems.add(where + ": '" + value.asText() + "' is not an ISO-8601 instant");
                }
            }
            if (schema.has("minLength") && value.asText().length() < schema.get("minLength").asInt()) {
                problems.add(where + ": shorter than " + schema.get("minLength"));
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                problems.add(where + ": " + value + " < minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
                problems.add(where + ": " + value + " > maximum " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    problems.add(where + ": required '" + name.asText() + "' missing");
                }
            }
            for (Map.Entry<String, JsonNode> field : fields(value)) {
                if (properties.has(field.getKey())) {
                    if (field.getValue().isNull()) {
                        problems.add(where + "." + field.getKey() + ": null (absent values must be left out)");
                    } else {
                        check(field.getValue(), properties.get(field.getKey()), where + "." + field.getKey(), problems);
                    }
                } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                    problems.add(where + ": '" + field.getKey() + "' is not in the schema");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), where + "[" + i + "]", problems);
            }
        }
    }

    static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return new ArrayList<>(node.properties());
    }
}
