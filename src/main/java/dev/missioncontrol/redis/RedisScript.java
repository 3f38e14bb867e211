package dev.missioncontrol.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Lua script run by its SHA-1 digest ({@code EVALSHA}), sent whole ({@code EVAL}) only when Redis does not know it
 * yet ({@code NOSCRIPT}: first use, or after a restart of Redis), which caches it for the next call
 * (redis.io/commands/evalsha). Saves sending a kilobyte of script with every dispatch.
 */
public final class RedisScript {

    private final String text;
    private final String sha;

    /** @param text the Lua source */
    public RedisScript(String text) {
        this.text = text;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /**
     * Runs the script.
     *
     * @param send      sends a request: on a connection of the caller's (pipelined), or the client's pool
     * @param keys      how many of the arguments that {@code arguments} adds are keys (they come first)
     * @param arguments adds the keys, then the other arguments, to a request
     * @return the script's reply; fails as the command failed
     */
    public Future<Response> run(Function<Request, Future<Response>> send, int keys, Consumer<Request> arguments) {
        Request bySha = Request.cmd(Command.EVALSHA).arg(sha).arg(keys);
        arguments.accept(bySha);
        return send.apply(bySha).recover(failure -> {
            if (failure.getMessage() == null || !failure.getMessage().startsWith("NOSCRIPT")) {
                return Future.failedFuture(failure);
            }
            Request whole = Request.cmd(Command.EVAL).arg(text).arg(keys);
            arguments.accept(whole);
            return send.apply(whole);
        });
    }
}
