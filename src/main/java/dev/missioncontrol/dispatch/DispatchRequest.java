package dev.missioncontrol.dispatch;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A dispatch order, from the query string, a form field or a JSON body {@code {"hero":"Volt"}}.
 *
 * @param hero who to dispatch: not blank (Unicode white space, no-break space included, does not count), at most 64
 *             Unicode code points, no control characters and no invisible format characters (bidirectional marks
 *             and overrides, zero-width spaces and joiners: Unicode category Cf)
 */
@RegisterForReflection
public record DispatchRequest(
        @NotNull(message = "hero is required")
        @Pattern(regexp = "(?s).*[^\\p{IsWhite_Space}].*", message = "hero is required")
        // Java regex matches code points, so "." counts a character outside the BMP once, as users count it.
        @Pattern(regexp = "(?s).{0,64}", message = "hero must be at most 64 characters")
        @Pattern(regexp = "\\P{Cc}*", message = "hero must not contain control characters")
        @Pattern(regexp = "\\P{Cf}*", message = "hero must not contain invisible format characters")
        String hero) {}
