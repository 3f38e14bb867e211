package dev.missioncontrol.dispatch;

import dev.missioncontrol.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /missions/dispatches/{id}}: where a dispatch is, the target of the {@code Location} its {@code 202}
 * carries: {@code pending} or {@code recorded}, with its times ({@link DispatchStatus}). {@code 404} problem JSON for
 * an id that is unknown or no longer kept ({@code mission-control.dispatch.status-ttl} after its record).
 */
@Path("/missions/dispatches/{id}")
public class DispatchStatusResource {

    // The ids Dispatch makes: anything else cannot be one, and is not looked up.
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Dispatcher dispatcher;

    /** @param dispatcher knows the dispatches' statuses */
    public DispatchStatusResource(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * @param id the dispatch's id, from its {@code Location}
     * @return {@code 200} with its status, or {@code 404} problem JSON
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "Where the dispatch is: pending or recorded, with its times",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DispatchStatus.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<DispatchStatus> status(@PathParam("id") String id) {
        if (!ID.matcher(id).matches()) {
            return Uni.createFrom().failure(unknown());
        }
        return Uni.createFrom()
                .completionStage(dispatcher.status(id))
                .map(status -> status.orElseThrow(DispatchStatusResource::unknown));
    }

    private static ProblemException unknown() {
        return new ProblemException(404, "no such dispatch, or it was recorded too long ago to be kept", Map.of());
    }
}
