package dev.missioncontrol.comms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * WebSocket {@code /comms}: on open the connection joins room {@code hq} (resuming with {@code ?since=N}); text
 * frames are JSON commands routed by their {@code event} field (chat, join, leave, history, members), carried out by
 * {@link CommsCommands}. Bad input is answered to the sender alone with
 * {@code {"error":"<reason>"}} and never closes the connection. On close the connection leaves every room.
 */
@WebSocket(path = "/comms")
public class CommsSocket {

    /** RFC 6455 section 7.4.1: the message is too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;

    private static final Logger LOG = Logger.getLogger(CommsSocket.class);
    private static final UserData.TypedKey<MessageRate> RATE = new UserData.TypedKey<>("mission-control.rate");

    private final CommsRoom room;
    private final CommsCommands commands;
    private final ObjectMapper mapper;
    private final ObjectReader frames;
    private final CommsConfig config;
    private final CommsMetrics metrics;

    /**
     * @param room     the rooms
     * @param commands carries out each command
     * @param mapper   parses frames and writes replies
     * @param config   the text limit, message rate and history
     * @param metrics  counts refusals
     */
    public CommsSocket(
            CommsRoom room, CommsCommands commands, ObjectMapper mapper, CommsConfig config, CommsMetrics metrics) {
        this.metrics = metrics;
        this.room = room;
        this.commands = commands;
        this.mapper = mapper;
        this.frames = CommsCommand.strictReader(mapper);
        this.config = config;
    }

    /**
     * Joins the new connection to {@code hq}; with {@code ?since=N}, resuming after chat id N (see
     * {@link CommsRoom#resume}). A bad {@code since} is answered with an error, and the connection joins without
     * resume.
     *
     * @param connection the new connection
     * @return completes once it joined
     */
    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        connection.userData().put(RATE, new MessageRate(config.maxMessagesPerSecond(), System.nanoTime()));
        List<String> since = new QueryStringDecoder("?"
                        + Objects.requireNonNullElse(
                                connection.handshakeRequest().query(), ""))
                .parameters()
                .get("since");
        if (since == null) {
            room.subscribe(CommsRoom.HQ, connection);
            return Uni.createFrom().voidItem();
        }
        try {
            return commands.resume(CommsRoom.HQ, CommsCommand.since(since.get(0)), connection);
        } catch (CommsCommand.Invalid invalid) {
            room.subscribe(CommsRoom.HQ, connection);
            return commands.error(connection, invalid.getMessage());
        }
    }

    /**
     * Routes one client frame.
     *
     * @param frame      the text frame
     * @param connection its sender
     * @return completes when any reply to the sender has been handed to the socket
     */
    @OnTextMessage
    public Uni<Void> message(String frame, WebSocketConnection connection) {
        if (overRate(connection)) {
            return reply(connection, "error", "rate limited");
        }
        try {
            return commands.run(CommsCommand.parse(frame, frames, config.maxText(), config.history()), connection);
        } catch (CommsCommand.Invalid invalid) {
            return reply(connection, "error", invalid.getMessage());
        }
    }

    /**
     * Answers a binary frame: the protocol is JSON text, so the sender is told, and nobody else hears anything.
     *
     * @param frame      the binary message, ignored
     * @param connection its sender
     * @return completes when the reply has been handed to the socket
     */
    @OnBinaryMessage
    public Uni<Void> binary(Buffer frame, WebSocketConnection connection) {
        return reply(
                connection,
                "error",
                overRate(connection) ? "rate limited" : "binary frames are not supported: send JSON text frames");
    }

    /** Takes one frame from the connection's rate; true (and counted) if it is over. */
    private boolean overRate(WebSocketConnection connection) {
        MessageRate rate = connection.userData().get(RATE);
        if (rate != null && !rate.tryAcquire(System.nanoTime())) {
            metrics.rateLimited();
            return true;
        }
        return false;
    }

    /**
     * Leaves every room.
     *
     * @param connection the closed connection
     * @return completes at once
     */
    @OnClose
    public Uni<Void> close(WebSocketConnection connection) {
        room.unsubscribeAll(connection);
        return Uni.createFrom().voidItem();
    }

    /**
     * Turns failures into close codes from RFC 6455 section 7.4.1: a frame or message over
     * {@code max-frame-bytes} closes with 1009 (message too big); a frame the codec rejects closes with the code it
     * names. Anything else is our fault: logged, answered with {@code {"error":"internal error"}}, socket kept.
     *
     * @param failure    what went wrong
     * @param connection the connection it happened on
     * @return completes when the close or reply has been handed to the socket
     */
    @OnError
    public Uni<Void> error(Throwable failure, WebSocketConnection connection) {
        if (connection.isClosed()) {
            // The peer is gone (often without a close frame): there is nobody to answer, and answering would fail
            // and come back here.
            LOG.debugf("comms connection %s closed: %s", connection.id(), failure.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (failure instanceof CorruptedWebSocketFrameException corrupted) {
            return connection.close(new CloseReason(corrupted.closeStatus().code(), corrupted.getMessage()));
        }
        if (failure instanceof IllegalStateException
                && String.valueOf(failure.getMessage()).contains("max message size")) {
            return connection.close(
                    new CloseReason(MESSAGE_TOO_BIG, "message over " + config.maxFrameBytes() + " bytes"));
        }
        LOG.errorf(failure, "comms connection %s failed", connection.id());
        // A reply that fails (the peer left meanwhile) must not come back to this handler as a new error.
        return reply(connection, "error", "internal error").onFailure().recoverWithNull();
    }

    private Uni<Void> reply(WebSocketConnection connection, String field, String value) {
        return connection.sendText(mapper.createObjectNode().put(field, value).toString());
    }
}
