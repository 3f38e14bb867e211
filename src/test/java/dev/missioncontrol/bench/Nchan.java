package dev.missioncontrol.bench;

import dev.missioncontrol.support.Ports;
import dev.missioncontrol.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The peer: Debian's nginx with the nchan pub/sub module, a subscriber location for EventSource and WebSocket, and a publisher location. */
final class Nchan {

    private Nchan() {}

    static boolean available() {
        return missing().isEmpty();
    }

    static Optional<String> missing() {
        if (Tools.find("nginx").isEmpty() || module().isEmpty()) {
            return Optional.of("nginx with the nchan module is not installed; .ci/run and src/bench/run.sh install it"
                    + " (Debian: nginx libnginx-mod-nchan)");
        }
        return Optional.empty();
    }

    private static Optional<Path> module() {
        return Tools.firstExisting(
                "/usr/lib/nginx/modules/ngx_nchan_module.so",
                "/usr/lib64/nginx/modules/ngx_nchan_module.so",
                "/usr/local/lib/nginx/modules/ngx_nchan_module.so");
    }

    static Target start(Path out) throws Exception {
        return start(out, null);
    }

    /**
     * @param redisUrl null for nchan's own memory storage; else {@code redis://host:port}, for its Redis storage
     *                 ({@code nchan_redis_url}, {@code nchan_use_redis})
     */
    static Target start(Path out, String redisUrl) throws Exception {
        int port = Ports.free();
        Path dir = out.resolve("nchan").toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("nginx.conf"), """
                load_module %s;
                worker_processes auto;
                worker_rlimit_nofile 20000;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 20000; }
                http {
                    access_log off;
                    %s
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                    server {
                        listen 127.0.0.1:%d;
                        location = /sub {
                            nchan_subscriber eventsource websocket;
                            nchan_channel_id $arg_id;
                            # like Mission Control without Last-Event-ID: only messages published from now on
                            nchan_subscriber_first_message newest;
                        }
                        location = /pub {
                            nchan_publisher;
                            nchan_channel_id $arg_id;
                            nchan_message_buffer_length 1000;
                        }
                        location = /ready { return 200 "ok"; }
                    }
                }
                """.formatted(
                        module().orElseThrow(),
                        dir,
                        dir,
                        redisUrl == null
                                ? ""
                                : "nchan_redis_url \"" + redisUrl + "\";\n                    nchan_use_redis on;",
                        dir,
                        dir,
                        dir,
                        dir,
                        dir,
                        port));
        return Target.start(
                redisUrl == null ? "nchan (nginx)" : "nchan (nginx) + redis",
                List.of(
                        Tools.find("nginx").orElseThrow().toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-g",
                        "daemon off;"),
                port,
                "/ready",
                dir.resolve("stdout.log"));
    }
}
