package org.hotline.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What was wrong with a request's JSON, in the caller's words: which field, and what it should be.
 * Jackson's own messages name Java classes and its feature flags, which mean nothing to a caller
 * and tell an attacker what runs inside.
 */
final class JsonProblems {
    private JsonProblems() {}

    static String describe(IOException failure) {
        return switch (failure) {
            case UnrecognizedPropertyException unknown -> "unknown field '" + unknown.getPropertyName() + "'"
                    + known(unknown.getKnownPropertyIds());
            case InvalidFormatException format -> at(format) + "should be " + kind(format.getTargetType());
            case MismatchedInputException mismatch -> mismatched(mismatch);
            case JsonMappingException mapping -> at(mapping) + "is not what this call takes";
            case JsonProcessingException parse -> "the body is not JSON" + parserSays(parse) + where(parse.getLocation());
            default -> "the body could not be read";
        };
    }

    private static String mismatched(MismatchedInputException mismatch) {
        String message = String.valueOf(mismatch.getOriginalMessage());
        if (mismatch.getPath().isEmpty()) {
            if (message.startsWith("Trailing token")) {
                return "there is more after the JSON object; send one object";
            }
            if (message.contains("No content") || message.contains("end-of-input")) {
                return "the body is empty; send a JSON object";
            }
            return "the body must be a JSON object";
        }
        if (message.startsWith("Missing required")) {
            return at(mismatch) + "is missing";
        }
        return at(mismatch) + "should be " + kind(mismatch.getTargetType());
    }

    private static String at(JsonMappingException failure) {
        String path = failure.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "the body " : "field '" + path.replace(".[", "[") + "' ";
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (type == String.class || type.isEnum()) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a whole number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String known(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        known.forEach(name -> names.add(String.valueOf(name)));
        names.sort(null);
        return "; this call takes " + String.join(", ", names);
    }

    /** The parser's own sentence ("Duplicate field 'text'", "Unexpected character..."), less its hints about Java settings. */
    private static String parserSays(JsonProcessingException parse) {
        String said = String.valueOf(parse.getOriginalMessage()).lines().findFirst().orElse("")
                .replaceAll("\\s*\\([^()]*(Feature|enable|Source)[^()]*\\)", "").strip();
        return said.isEmpty() || INTERNALS.matcher(said).find() ? "" : ": " + said;
    }

    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile("[`$]|\\b(java|com|org)\\.|Feature|Exception");

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
