package dev.missioncontrol.events;

import dev.missioncontrol.problem.ClientInput;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code ?type=} filter of the event stream: an event passes if its type equals one of the given types or
 * starts with one of them followed by a dot ({@code dispatch} keeps {@code dispatch.accepted}, not
 * {@code dispatcher}). No types means every event passes.
 */
public final class TypeFilter {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** The filter every event passes. */
    public static final TypeFilter ALL = new TypeFilter(new String[0], new String[0]);

    private final String[] exact;
    private final String[] prefixes;

    private TypeFilter(String[] exact, String[] prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /**
     * @param types the {@code type} query values, each dot-separated words of {@code [A-Za-z0-9_-]},
     *              at most 128 characters
     * @return the filter; {@link #ALL} for an empty list
     * @throws IllegalArgumentException naming the first invalid value
     */
    public static TypeFilter of(List<String> types) {
        if (types.isEmpty()) {
            return ALL;
        }
        String[] exact = new String[types.size()];
        String[] prefixes = new String[types.size()];
        for (int i = 0; i < exact.length; i++) {
            String type = types.get(i);
            if (type.length() > 128 || !VALID.matcher(type).matches()) {
                throw new IllegalArgumentException("type must be dot-separated words of letters, digits, '_' or '-': "
                        + ClientInput.abbreviate(type));
            }
            exact[i] = type;
            prefixes[i] = type + ".";
        }
        return new TypeFilter(exact, prefixes);
    }

    /**
     * @param type an event type
     * @return whether events of this type pass
     */
    public boolean accepts(String type) {
        if (exact.length == 0) {
            return true;
        }
        for (int i = 0; i < exact.length; i++) {
            if (type.equals(exact[i]) || type.startsWith(prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    /** Filters are equal when they keep the same types, so subscribers that share one can share its frames. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TypeFilter filter && java.util.Arrays.equals(exact, filter.exact);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(exact);
    }
}
