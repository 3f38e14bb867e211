package dev.missioncontrol.docs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /q/openapi}: every HTTP route, the REST resources and the two Vert.x routes alike
 * (those from {@code META-INF/openapi.yaml}), with every status each can answer, and every error as problem JSON.
 */
@QuarkusTest
class OpenApiDocumentTest {

    /** Each operation and the statuses it can answer. */
    private static final Map<String, List<String>> OPERATIONS = Map.of(
            "post /missions/dispatch", List.of("202", "400", "401", "405", "409", "413", "422", "503"),
            "get /missions/events", List.of("200", "400", "401", "503"),
            "head /missions/events", List.of("200", "400", "401"),
            "get /missions/log", List.of("200", "400", "401"),
            "get /missions/dispatches/{id}", List.of("200", "401", "404"),
            "get /missions/feed", List.of("200", "401"));

    private static JsonNode document() throws Exception {
        return new ObjectMapper()
                .readTree(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    /** Follows a {@code $ref} to a response in the components. */
    private static JsonNode resolve(JsonNode document, JsonNode response) {
        JsonNode ref = response.get("$ref");
        if (ref == null) {
            return response;
        }
        String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
        JsonNode target = document.at("/components/responses/" + name);
        assertTrue(!target.isMissingNode(), "no response named " + name);
        return target;
    }

    @Test
    void everyRouteIsDescribedWithEveryStatusItAnswers() throws Exception {
        JsonNode document = document();
        for (Map.Entry<String, List<String>> operation : OPERATIONS.entrySet()) {
            String[] methodAndPath = operation.getKey().split(" ");
            JsonNode described = document.path("paths").path(methodAndPath[1]).path(methodAndPath[0]);
            assertTrue(!described.isMissingNode(), operation.getKey() + " is not described");
            List<String> statuses = new ArrayList<>();
            described.path("responses").fieldNames().forEachRemaining(statuses::add);
            assertEquals(
                    operation.getValue().stream().sorted().toList(),
                    statuses.stream().sorted().toList(),
                    operation.getKey());
        }
    }

    @Test
    void everyErrorIsProblemJson() throws Exception {
        JsonNode document = document();
        assertTrue(document.at("/components/schemas/Problem/properties/detail").isObject(), "the Problem schema");
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/missions")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                for (Iterator<Map.Entry<String, JsonNode>> responses =
                                method.getValue().path("responses").fields();
                        responses.hasNext(); ) {
                    Map.Entry<String, JsonNode> response = responses.next();
                    if (response.getKey().compareTo("400") >= 0) {
                        JsonNode schema = resolve(document, response.getValue())
                                .at("/content/application~1problem+json/schema/$ref");
                        assertEquals(
                                "#/components/schemas/Problem",
                                schema.asText(),
                                method.getKey() + " " + path.getKey() + " " + response.getKey());
                    }
                }
            }
        }
    }

    @Test
    void theDispatchAnswerAndItsLocationAreDescribed() throws Exception {
        JsonNode accepted = document().at("/paths/~1missions~1dispatch/post/responses/202");
        assertTrue(accepted.at("/headers/Location").isObject(), accepted.toString());
        assertEquals(
                "#/components/schemas/Dispatched",
                accepted.at("/content/application~1json/schema/$ref").asText());
    }

    @Test
    void theLicenceIsTheProjectsOwn() throws Exception {
        JsonNode license = document().at("/info/license");
        assertEquals("Apache-2.0", license.path("name").asText(), license.toString());
        assertTrue(
                java.nio.file.Files.readString(java.nio.file.Path.of("LICENSE")).contains("Apache License"));
        assertTrue(
                java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml")).contains("<name>Apache-2.0</name>"));
    }
}
