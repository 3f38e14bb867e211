package dev.missioncontrol.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.missioncontrol.support.Docs;
import dev.missioncontrol.support.ServiceProcess;
import io.quarkus.runtime.configuration.DurationConverter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifest {@code ./mvnw package} writes with quarkus-kubernetes, read as Kubernetes would read it, and the
 * overlay in {@code kubernetes/redis} that runs two replicas on Redis: probes that the packaged service answers,
 * a grace period longer than its drain, resource requests, env vars that are real settings.
 */
class KubernetesManifestIT {

    private static final Path MANIFEST = Path.of("target/kubernetes/kubernetes.yml");
    private static final Path OVERLAY = Path.of("kubernetes/redis");
    private static final ObjectMapper YAML = new YAMLMapper();

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            });
        }
        return documents;
    }

    private static JsonNode find(List<JsonNode> documents, String kind, String name) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .filter(d -> name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + documents));
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers =
                deployment.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), "one container");
        return containers.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(var -> {
            if (var.has("value")) {
                env.put(var.get("name").asText(), var.get("value").asText());
            }
        });
        return env;
    }

    @Test
    void theGeneratedDeploymentProbesAndStopsTheServiceAsItRuns() throws Exception {
        assertTrue(Files.exists(MANIFEST), "./mvnw package writes " + MANIFEST);
        List<JsonNode> documents = documents(MANIFEST);
        JsonNode deployment = find(documents, "Deployment", "mission-control");
        JsonNode service = find(documents, "Service", "mission-control");
        JsonNode container = container(deployment);
        int containerPort = container.path("ports").get(0).path("containerPort").asInt();
        assertEquals(8000, containerPort, "the container port is the service's default port");
        assertEquals(
                containerPort,
                service.path("spec").path("ports").get(0).path("targetPort").asInt());

        JsonNode requests = container.path("resources").path("requests");
        assertFalse(requests.path("cpu").asText().isEmpty(), "a CPU request");
        assertFalse(requests.path("memory").asText().isEmpty(), "a memory request");

        // Every env var sets a documented setting (and docs/ConfigurationDocsTest proves each of those exists).
        Map<String, String> documented = new LinkedHashMap<>();
        Docs.properties().keySet().forEach(property -> documented.put(Docs.envName(property), property));
        Map<String, String> settings = new LinkedHashMap<>();
        env(container).forEach((name, value) -> {
            String property = documented.get(name);
            assertNotNull(property, name + " is not the env var of any property in docs/configuration.md");
            settings.put(property, value);
        });
        assertTrue(settings.containsKey("mission-control.transport"), "the transport is set: " + settings);

        // The grace period outlasts the drain: the shutdown timeout plus the 1 s delay before it.
        Duration drain = DurationConverter.parseDuration(
                        settings.getOrDefault("mission-control.shutdown.timeout", "30s"))
                .plusSeconds(1);
        long grace = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asLong();
        assertTrue(grace > drain.toSeconds(), "terminationGracePeriodSeconds " + grace + " > drain " + drain);

        // The probes' paths answer 200 on the packaged service started with the manifest's settings.
        try (ServiceProcess started = ServiceProcess.start("kubernetes-manifest", settings)) {
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertEquals(containerPort, get.path("port").asInt(), probe + " port");
                String path = get.path("path").asText();
                assertTrue(path.startsWith("/q/health/"), probe + " checks health: " + path);
                assertEquals(200, started.get(path).statusCode(), probe + " " + path);
            }
        }
    }

    @Test
    void theRedisOverlayPointsTwoReplicasAtItsRedis() throws Exception {
        JsonNode kustomization =
                documents(OVERLAY.resolve("kustomization.yaml")).get(0);
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(resource -> resources.add(resource.asText()));
        assertTrue(
                resources.stream()
                        .map(resource -> OVERLAY.resolve(resource).normalize())
                        .anyMatch(MANIFEST::equals),
                "the overlay builds on the generated manifest: " + resources);
        assertTrue(resources.contains("redis.yaml"), "and its own Redis: " + resources);

        JsonNode patch = kustomization.path("patches").get(0);
        JsonNode target = patch.path("target");
        JsonNode generated = find(documents(MANIFEST), "Deployment", "mission-control");
        assertEquals(generated.path("kind").asText(), target.path("kind").asText());
        assertEquals(
                generated.path("metadata").path("name").asText(),
                target.path("name").asText());
        JsonNode patched = YAML.readTree(patch.path("patch").asText());
        assertEquals(2, patched.path("spec").path("replicas").asInt(), "two replicas");
        JsonNode patchedContainer = container(patched);
        assertEquals(
                container(generated).path("name").asText(),
                patchedContainer.path("name").asText(),
                "the patch names the generated container, so its env vars merge into it");
        Map<String, String> env = env(patchedContainer);
        assertEquals("redis", env.get("MISSION_CONTROL_TRANSPORT"));

        URI redisUrl = URI.create(env.get("MISSION_CONTROL_REDIS_URL"));
        List<JsonNode> redis = documents(OVERLAY.resolve("redis.yaml"));
        JsonNode redisService = find(redis, "Service", redisUrl.getHost());
        assertEquals(
                redisUrl.getPort(),
                redisService.path("spec").path("ports").get(0).path("port").asInt());
        JsonNode selector = redisService.path("spec").path("selector");
        JsonNode server = find(redis, "StatefulSet", redisUrl.getHost());
        assertEquals(
                selector,
                server.path("spec").path("template").path("metadata").path("labels"),
                "the Service selects the Redis pod");
        assertTrue(container(server).path("args").toString().contains("appendonly"), "Redis keeps an append-only file");
    }
}
