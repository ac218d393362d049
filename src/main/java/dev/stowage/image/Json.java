package dev.stowage.image;

import dev.stowage.error.ErrorText;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * JSON trees for the whole project: parsed and written with Jackson's streaming parser and generator and its
 * tree nodes, with helpers that turn bad JSON into one-line errors. No {@code ObjectMapper}: building one loads
 * a few hundred classes (~0.1 s at every start of the CLI and the app) for data binding nothing here uses.
 */
public final class Json {
    /** Reads with a nesting limit: a hostile document cannot exhaust the stack. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static JsonNode nullNode() {
        return NODES.nullNode();
    }

    /** The first JSON value in {@code bytes} (a missing node when there is none), as Jackson's readTree. */
    public static JsonNode readTree(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return first(p);
        }
    }

    public static JsonNode readTree(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return first(p);
        }
    }

    public static JsonNode readTree(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return first(p);
        }
    }

    /** A document that must be exactly one JSON value: anything after it is an error. */
    public static JsonNode readStrict(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonNode node = first(p);
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Trailing token (of type " + p.currentToken()
                        + ") found after value");
            }
            return node;
        }
    }

    /** Every JSON value of a stream of values one after another (an engine's progress messages). */
    public static void forEachValue(InputStream in, Consumer<JsonNode> each) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) each.accept(value(p, t));
        }
    }

    private static JsonNode first(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? MissingNode.getInstance() : value(p, t);
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, value(p, next(p)));
                }
                if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "unexpected end of an object");
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                while ((t = next(p)) != JsonToken.END_ARRAY) a.add(value(p, t));
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Unexpected token " + t);
        }
    }

    private static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw new JsonEOFException(p, null, "Unexpected end-of-input");
        return t;
    }

    /** Parses a JSON object; {@code what} names the document in the error ("manifest.json"). */
    public static ObjectNode parseObject(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = readTree(bytes);
        } catch (IOException e) {
            throw new ImageFormatException(what + " is not valid JSON: " + ErrorText.firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ImageFormatException(what + " is empty or null");
        }
        if (!node.isObject()) {
            throw new ImageFormatException(what + " must be a JSON object, found " + node.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) node;
    }

    public static JsonNode parseAny(byte[] bytes, String what) {
        try {
            JsonNode node = readTree(bytes);
            if (node == null || node.isMissingNode()) throw new ImageFormatException(what + " is empty");
            return node;
        } catch (IOException e) {
            throw new ImageFormatException(what + " is not valid JSON: " + ErrorText.firstLine(e.getMessage()));
        }
    }

    /** Compact UTF-8 JSON. */
    public static byte[] bytes(JsonNode value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out, null);
        return out.toByteArray();
    }

    /** Compact JSON text. */
    public static String compact(JsonNode value) {
        return new String(bytes(value), StandardCharsets.UTF_8);
    }

    /** Indented like docker's JSON output: four spaces, {@code "key": value}, one array element per line. */
    public static String pretty(JsonNode value) {
        DefaultIndenter indenter = new DefaultIndenter("    ", DefaultIndenter.SYS_LF);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out, printer);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode value, ByteArrayOutputStream out, PrettyPrinter printer) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (printer != null) g.setPrettyPrinter(printer);
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : n) write(g, element);
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> g.writeNumber(n.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case BINARY -> g.writeBinary(n.binaryValue());
            default -> throw new IllegalArgumentException("cannot write a " + n.getNodeType() + " node as JSON");
        }
    }

    /** A text field, or null when absent or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
