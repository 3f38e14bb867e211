package dev.missioncontrol.config;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Whole-number settings with a range: each nested converter reads a value and refuses one outside its range, so
 * that a mistyped setting stops the start with the property's name, its value and the allowed range. Used as
 * {@code @WithConverter(IntRange.Positive.class)} on a {@code @ConfigMapping} method.
 *
 * <p>Why not Bean Validation's {@code @Min}/{@code @Max} on the mappings: with any constraint on a config mapping,
 * Quarkus builds a Hibernate Validator factory for configuration before anything else starts, which cost about
 * 0.5 s of the JVM start-up here (measured with async-profiler); request validation does not need it.
 */
public final class IntRange {

    private IntRange() {}

    /**
     * @param value the setting as written, surrounding blanks ignored
     * @param min   the smallest value allowed
     * @param max   the largest value allowed
     * @return the number
     * @throws IllegalArgumentException when the value is not a whole number or is outside the range; SmallRye
     *                                  Config reports it with the property's name and stops the start
     */
    static int parse(String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, not \"" + value + "\"");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(
                    "must be " + (max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max)
                            + ", not " + number);
        }
        return number;
    }

    // Each converter implements convert itself: SmallRye Config checks the declared return type of convert, and a
    // convert inherited from a shared superclass is seen through an Object-returning bridge method.

    /** 0 to 100: a count of Redis replicas. */
    public static final class Replicas implements Converter<Integer> {
        /** @throws IllegalArgumentException outside 0 to 100 or not a number */
        @Override
        public Integer convert(String value) {
            return parse(value, 0, 100);
        }
    }

    /** 1 or more. */
    public static final class Positive implements Converter<Integer> {
        /** @throws IllegalArgumentException below 1 or not a number */
        @Override
        public Integer convert(String value) {
            return parse(value, 1, Integer.MAX_VALUE);
        }
    }

    /** 1 to 10,000. */
    public static final class UpToTenThousand implements Converter<Integer> {
        /** @throws IllegalArgumentException outside 1 to 10,000 or not a number */
        @Override
        public Integer convert(String value) {
            return parse(value, 1, 10_000);
        }
    }

    /** 1 to 1,000,000. */
    public static final class UpToAMillion implements Converter<Integer> {
        /** @throws IllegalArgumentException outside 1 to 1,000,000 or not a number */
        @Override
        public Integer convert(String value) {
            return parse(value, 1, 1_000_000);
        }
    }

    /** 1 to 10,000,000. */
    public static final class UpToTenMillion implements Converter<Integer> {
        /** @throws IllegalArgumentException outside 1 to 10,000,000 or not a number */
        @Override
        public Integer convert(String value) {
            return parse(value, 1, 10_000_000);
        }
    }

    /** 128 or more: room for a WebSocket close frame and a short message. */
    public static final class FrameBytes implements Converter<Integer> {
        /** @throws IllegalArgumentException below 128 or not a number */
        @Override
        public Integer convert(String value) {
            return parse(value, 128, Integer.MAX_VALUE);
        }
    }
}
