package dev.missioncontrol.missions;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A dispatch order, from the query string, a form field or a JSON body {@code {"hero":"Volt"}}.
 *
 * @param hero who to dispatch: not blank, at most 64 Unicode code points, no control characters
 */
@RegisterForReflection
public record DispatchRequest(
        @NotBlank(message = "hero is required")
        // Java regex matches code points, so "." counts a character outside the BMP once, as users count it.
        @Pattern(regexp = "(?s).{0,64}", message = "hero must be at most 64 characters")
        @Pattern(regexp = "\\P{Cc}*", message = "hero must not contain control characters")
        String hero) {
}
