package dev.missioncontrol.dispatch;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the hero of a dispatch from where a client may put it, strictly: a query string or form body
 * ({@code application/x-www-form-urlencoded}, WHATWG URL standard section 5) or a JSON body {@code {"hero":"..."}}
 * (RFC 8259). Text must be valid UTF-8 and valid Unicode (no lone surrogates); {@code hero} given twice, a JSON
 * value that is not a string or anything after the JSON value is refused. Each refusal is a {@link BadInput} whose
 * message describes the input for the client, never the implementation.
 */
final class HeroInput {

    /** The field that carries the hero. */
    static final String FIELD = "hero";

    private final ObjectReader json;

    /** @param mapper the application's mapper; a stricter reader is derived from it */
    HeroInput(ObjectMapper mapper) {
        this.json = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * @param encoded a raw query string or form body, {@code name=value} pairs joined by {@code &}; may be null
     * @param where   {@code query} or {@code form}, for the error detail
     * @return the decoded hero, or null if the field is absent
     * @throws BadInput if the field is given twice or a name or value is not valid percent-encoded UTF-8
     */
    String fromUrlEncoded(String encoded, String where) throws BadInput {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        String hero = null;
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), where);
            if (!FIELD.equals(name)) {
                continue;
            }
            if (hero != null) {
                throw new BadInput("hero given more than once in the " + where);
            }
            hero = equals < 0 ? "" : decode(pair.substring(equals + 1), where);
        }
        return hero;
    }

    /**
     * @param body a JSON body
     * @return the hero, or null if the body has no {@code hero} or it is JSON null
     * @throws BadInput if the body is not one JSON object, has {@code hero} twice or not as a string, or holds a
     *                  lone surrogate
     */
    String fromJson(byte[] body) throws BadInput {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonParseException e) {
            throw new BadInput("malformed JSON body at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + duplicate(e));
        } catch (JsonProcessingException e) {
            throw new BadInput("malformed JSON body: one JSON object expected, with nothing after it");
        } catch (IOException e) {
            throw new BadInput("malformed JSON body");
        }
        if (node == null || node.isMissingNode()) {
            throw new BadInput("malformed JSON body: it is empty");
        }
        if (!node.isObject()) {
            throw new BadInput("malformed JSON body: it must be an object such as {\"hero\":\"Volt\"}");
        }
        JsonNode hero = node.get(FIELD);
        if (hero == null || hero.isNull()) {
            return null;
        }
        if (!hero.isTextual()) {
            throw new BadInput("hero must be a JSON string");
        }
        String value = hero.textValue();
        if (!isValidUnicode(value)) {
            throw new BadInput("hero must be valid Unicode text (it holds a lone surrogate)");
        }
        return value;
    }

    private static String duplicate(JsonParseException e) {
        return String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")
                ? ": hero given more than once"
                : "";
    }

    private static String decode(String encoded, String where) throws BadInput {
        if (isPlainAscii(encoded)) {
            return encoded;
        }
        String latin1;
        try {
            // ISO-8859-1 maps every byte to one char, so this yields the percent-decoded bytes exactly; '+' is a space.
            latin1 = URLDecoder.decode(encoded, StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw new BadInput("malformed percent-encoding in the " + where);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadInput("the " + where + " is not valid UTF-8");
        }
    }

    /** Plain ASCII with no escape and no {@code +}: decoding would return it unchanged. */
    private static boolean isPlainAscii(String encoded) {
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c >= 0x80 || c == '%' || c == '+') {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidUnicode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
