package dev.missioncontrol.missions;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /missions/log}: who has been dispatched, in the order recorded. */
@Path("/missions/log")
public class MissionLogResource {

    private final MissionLog log;

    /** @param log the application's mission log */
    public MissionLogResource(MissionLog log) {
        this.log = log;
    }

    /** @return {@code 200} with {@code {"dispatched":[...]}} */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MissionLogView log() {
        return new MissionLogView(log.dispatched());
    }
}
