package dev.missioncontrol.comms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Carries out a {@link CommsCommand} for the connection that sent it, answering it alone: chat (published once, or
 * {@code {"error":"not delivered: ..."}}), join (with {@code since}: resume), leave, history and members. Bad
 * requests get {@code {"error":"<reason>"}} and change nothing.
 */
@Singleton
public class CommsCommands {

    private final CommsRoom room;
    private final ObjectMapper mapper;

    /**
     * @param room   the rooms
     * @param mapper writes replies
     */
    public CommsCommands(CommsRoom room, ObjectMapper mapper) {
        this.room = room;
        this.mapper = mapper;
    }

    /**
     * @param command    the parsed command
     * @param connection its sender; called on its event loop
     * @return completes when the reply, if any, has been handed to the socket
     */
    public Uni<Void> run(CommsCommand command, WebSocketConnection connection) {
        if (command instanceof CommsCommand.Chat chat) {
            if (!room.isMember(chat.room(), connection)) {
                return notMember(connection, chat.room());
            }
            return Uni.createFrom()
                    .completionStage(room.chat(chat.room(), chat.text()))
                    .replaceWithVoid()
                    .onFailure()
                    .recoverWithUni(failure -> error(connection, "not delivered: " + failure.getMessage()));
        }
        if (command instanceof CommsCommand.Join join) {
            return join.since() < 0 ? join(join.room(), connection) : resume(join.room(), join.since(), connection);
        }
        if (command instanceof CommsCommand.History history) {
            if (!room.isMember(history.room(), connection)) {
                return notMember(connection, history.room());
            }
            return answer(
                    connection, room.history(history.room(), history.limit()), chats -> history(history.room(), chats));
        }
        if (command instanceof CommsCommand.Members members) {
            if (!room.isMember(members.room(), connection)) {
                return notMember(connection, members.room());
            }
            return answer(
                    connection,
                    room.memberCount(members.room()),
                    count -> mapper.createObjectNode()
                            .<ObjectNode>set("members", mapper.createArrayNode())
                            .put("count", count)
                            .put("room", members.room())
                            .toString());
        }
        CommsCommand.Leave leave = (CommsCommand.Leave) command;
        if (!room.unsubscribe(leave.room(), connection)) {
            return notMember(connection, leave.room());
        }
        return send(connection, "left", leave.room());
    }

    private Uni<Void> join(String name, WebSocketConnection connection) {
        Subscription joined = room.subscribe(name, connection);
        return joined.isMember() ? send(connection, "joined", name) : refused(joined, connection);
    }

    /**
     * Joins with resume after {@code since}: refused if {@code since} is beyond the newest id; otherwise the
     * {@code joined} frame and the catch-up come from {@link CommsRoom#resume}.
     *
     * @param name       the room
     * @param since      the last chat id the client received
     * @param connection the client; called on its event loop
     * @return completes when the join was made or refused
     */
    public Uni<Void> resume(String name, long since, WebSocketConnection connection) {
        Context context = Vertx.currentContext();
        return Uni.createFrom()
                .completionStage(room.newestId())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(newest -> {
                    if (since > newest) {
                        return error(connection, "since " + since + " is beyond the newest id, " + newest);
                    }
                    Subscription joined = room.resume(name, connection, since);
                    return joined.isMember() ? Uni.createFrom().voidItem() : refused(joined, connection);
                })
                .onFailure()
                .recoverWithUni(failure -> error(connection, "cannot resume now: " + failure.getMessage()));
    }

    private Uni<Void> refused(Subscription refusal, WebSocketConnection connection) {
        return error(
                connection,
                refusal == Subscription.TOO_MANY_ROOMS_FOR_MEMBER
                        ? "in " + room.maxRoomsPerMember() + " rooms already: leave one first"
                        : "no more rooms can be opened (" + room.maxRooms() + " exist); join an existing one");
    }

    private String history(String name, List<ChatFrame> chats) {
        StringBuilder json = new StringBuilder("{\"history\":[");
        for (int i = 0; i < chats.size(); i++) {
            json.append(i == 0 ? "" : ",").append(chats.get(i).frame());
        }
        // Room names are 1-64 of [A-Za-z0-9._-]: nothing to escape.
        return json.append("],\"room\":\"").append(name).append("\"}").toString();
    }

    private <T> Uni<Void> answer(WebSocketConnection connection, CompletionStage<T> result, Function<T, String> reply) {
        return Uni.createFrom()
                .completionStage(result)
                .map(reply)
                .onFailure()
                .recoverWithItem(failure -> mapper.createObjectNode()
                        .put("error", "not available now: " + failure.getMessage())
                        .toString())
                .chain(connection::sendText);
    }

    private Uni<Void> notMember(WebSocketConnection connection, String name) {
        return error(connection, "not a member of room " + name);
    }

    /**
     * @param connection who gets it
     * @param reason     the error, for the client
     * @return completes when {@code {"error":"<reason>"}} has been handed to the socket
     */
    public Uni<Void> error(WebSocketConnection connection, String reason) {
        return send(connection, "error", reason);
    }

    private Uni<Void> send(WebSocketConnection connection, String field, String value) {
        return connection.sendText(mapper.createObjectNode().put(field, value).toString());
    }
}
