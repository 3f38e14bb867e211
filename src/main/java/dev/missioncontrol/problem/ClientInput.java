package dev.missioncontrol.problem;

/** How a client's own input is quoted back to it in an error: never so long that the error becomes the payload. */
public final class ClientInput {

    /** The most characters of a client's value an error repeats. */
    public static final int MAX_QUOTED = 40;

    private ClientInput() {}

    /**
     * @param value what the client sent
     * @return the value, cut to {@link #MAX_QUOTED} characters with {@code …} appended when it was longer (never
     *         between the two halves of a surrogate pair)
     */
    public static String abbreviate(String value) {
        if (value.length() <= MAX_QUOTED) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
        return value.substring(0, end) + "…";
    }
}
