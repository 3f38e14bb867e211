package dev.missioncontrol.feed;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseHeader;

/**
 * {@code GET /missions/feed}: the status sweep as Server-Sent Events: {@code event:status} /
 * {@code data:all quiet on sector N} for each sector, then {@code event:close} / {@code data:stand down}, then the
 * response ends. RESTEasy writes each field without the optional space after the colon; every SSE parser reads the
 * same event (WHATWG HTML, section 9.2.6). Each event is flushed as it is produced, paced by {@code interval}.
 */
@Path(FeedResource.PATH)
public class FeedResource {

    /** The path of the feed. */
    public static final String PATH = "/missions/feed";

    private final FeedConfig config;

    /** @param config the number of sectors and the pacing interval */
    public FeedResource(FeedConfig config) {
        this.config = config;
    }

    /**
     * @param sse builds the events
     * @return the sweep, one status event per sector (the first at once, each later one after {@code interval}),
     *         then the close event
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(
            responseCode = "200",
            description = "event:status per sector, then event:close, then the end",
            content =
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    public Multi<OutboundSseEvent> feed(@Context Sse sse) {
        Duration pause = config.interval();
        Multi<OutboundSseEvent> statuses = Multi.createFrom()
                .range(1, config.sectors() + 1)
                .onItem()
                .call(sector -> sector == 1 || pause.isZero()
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(pause))
                .map(sector -> sse.newEventBuilder()
                        .name("status")
                        .data("all quiet on sector " + sector)
                        .build());
        return Multi.createBy()
                .concatenating()
                .streams(
                        statuses,
                        Multi.createFrom()
                                .item(() -> sse.newEventBuilder()
                                        .name("close")
                                        .data("stand down")
                                        .build()));
    }
}
