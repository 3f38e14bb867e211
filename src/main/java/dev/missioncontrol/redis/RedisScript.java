package dev.missioncontrol.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Lua script from {@code src/main/resources/redis/}, the one way every feature runs Lua on Redis: by its SHA-1
 * digest ({@code EVALSHA}), sent whole ({@code EVAL}, which caches it) only when Redis answers {@code NOSCRIPT}
 * (first use, after a restart of Redis or a {@code SCRIPT FLUSH}), per redis.io/commands/evalsha. Each file says at
 * its top what its keys and arguments are. A script may start with shared Lua functions ({@code append-event.lua}),
 * given as the files before it.
 */
public final class RedisScript {

    private final String name;
    private final String text;
    private final String sha;

    private RedisScript(String name, String text) {
        this.name = name;
        this.text = text;
        try {
            this.sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /**
     * Loads a script from the class path.
     *
     * @param files file names under {@code redis/}: the shared functions it calls, then the script itself
     * @return the script, named by its last file
     * @throws UncheckedIOException if a file is missing (a packaging error)
     */
    public static RedisScript load(String... files) {
        StringBuilder text = new StringBuilder();
        for (String file : files) {
            try (InputStream in = RedisScript.class.getResourceAsStream("/redis/" + file)) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException("redis/" + file + " is not on the class path"));
                }
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RedisScript(files[files.length - 1], text.toString());
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

    /**
     * Makes sure Redis has the script cached ({@code SCRIPT LOAD}), for a caller that pipelines many runs on one
     * connection and must not see a {@code NOSCRIPT} among them: the runs retried with {@code EVAL} would then
     * overtake those sent before them.
     *
     * @param send sends on the caller's connection
     * @return done once Redis has it; fails as the command failed
     */
    public Future<Void> preload(Function<Request, Future<Response>> send) {
        return send.apply(Request.cmd(Command.SCRIPT).arg("LOAD").arg(text)).mapEmpty();
    }

    /** @return the file name, for logs */
    public String name() {
        return name;
    }
}
