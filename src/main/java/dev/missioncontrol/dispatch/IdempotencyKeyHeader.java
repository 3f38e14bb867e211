package dev.missioncontrol.dispatch;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the {@code Idempotency-Key} request header (draft-ietf-httpapi-idempotency-key-header, section 2): an
 * RFC 8941 {@code sf-string} such as {@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}, or, as many clients send it, the
 * same key without the quotes when it has no space, quote, backslash or comma. At most one header, 1 to 255
 * characters of visible ASCII.
 */
final class IdempotencyKeyHeader {

    /** The header's name. */
    static final String NAME = "Idempotency-Key";

    /** The longest key accepted, in characters. */
    static final int MAX_LENGTH = 255;

    private static final Pattern BARE = Pattern.compile("[!#-+\\-./0-9:;<=>?@A-Z\\[\\]^_`a-z{|}~]+");

    private IdempotencyKeyHeader() {}

    /**
     * @param values every {@code Idempotency-Key} header of the request
     * @return the key, or null when the request has none
     * @throws BadInput if it is given twice, empty, longer than 255 characters or not of the shape above
     */
    static String parse(List<String> values) throws BadInput {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadInput("Idempotency-Key given more than once");
        }
        String value = values.get(0).trim();
        String key = value.startsWith("\"") ? unquote(value) : bare(value);
        if (key.isEmpty()) {
            throw new BadInput("Idempotency-Key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new BadInput("Idempotency-Key is over " + MAX_LENGTH + " characters");
        }
        return key;
    }

    private static String bare(String value) throws BadInput {
        if (!BARE.matcher(value).matches()) {
            throw new BadInput("Idempotency-Key must be a quoted string (RFC 8941), such as "
                    + "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
        }
        return value;
    }

    /** RFC 8941 section 4.2.5: printable ASCII between double quotes, with \" and \\ as the only escapes. */
    private static String unquote(String value) throws BadInput {
        StringBuilder key = new StringBuilder(value.length());
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= value.length() || (value.charAt(i + 1) != '"' && value.charAt(i + 1) != '\\')) {
                    throw new BadInput("Idempotency-Key has a bad escape");
                }
                key.append(value.charAt(++i));
            } else if (c == '"') {
                if (i != value.length() - 1) {
                    throw new BadInput("Idempotency-Key has something after its closing quote");
                }
                return key.toString();
            } else if (c < 0x20 || c > 0x7E) {
                throw new BadInput("Idempotency-Key must be printable ASCII");
            } else {
                key.append(c);
            }
        }
        throw new BadInput("Idempotency-Key has no closing quote");
    }
}
