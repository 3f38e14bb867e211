package dev.missioncontrol.log;

import dev.missioncontrol.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /missions/log[?limit=N][&times=true]}: who has been dispatched, in the order recorded; the newest N with a
 * limit; with {@code times=true} also when each was recorded.
 */
@Path("/missions/log")
public class MissionLogResource {

    /** The largest {@code limit}: the most entries the log can retain. */
    static final int MAX_LIMIT = 10_000_000;

    private final MissionLog log;

    /** @param log the application's mission log */
    public MissionLogResource(MissionLog log) {
        this.log = log;
    }

    /**
     * @param limit absent for every retained entry, or a whole number from 1 to 10,000,000 for the newest ones
     * @param times {@code true} to add each entry's record time
     * @return {@code 200} with {@code {"dispatched":[...]}}, oldest first; {@code 400} problem for a bad limit
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "The retained log, oldest first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MissionLogView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public Uni<MissionLogView> log(@QueryParam("limit") String limit, @QueryParam("times") String times) {
        int newest = parse(limit);
        if (times != null && !times.equals("true") && !times.equals("false")) {
            throw ProblemException.badRequest("times must be true or false");
        }
        boolean withTimes = "true".equals(times);
        return Uni.createFrom()
                .completionStage(log.newest(newest))
                .map(entries -> MissionLogView.of(entries, withTimes));
    }

    private static int parse(String limit) {
        if (limit == null) {
            return 0;
        }
        if (limit.isEmpty()
                || limit.length() > 8
                || !limit.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(limit) < 1
                || Integer.parseInt(limit) > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(limit);
    }
}
