package dev.missioncontrol.docs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.support.Tools;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document of the streams and {@code /comms}: served by the service, describing every event type the
 * code can publish, and valid for the official parser ({@code @asyncapi/parser}, which {@code .ci/run} installs
 * with npm into {@code target/asyncapi-parser}).
 */
@QuarkusTest
class AsyncApiDocumentTest {

    static final Path DOCUMENT = Path.of("src/main/resources/META-INF/resources/asyncapi.yaml");
    static final Path PARSER = Path.of("target/asyncapi-parser/node_modules");

    private static List<String> messageNames() throws Exception {
        Matcher names = Pattern.compile("(?m)^      name: (\\S+)$").matcher(Files.readString(DOCUMENT));
        List<String> found = new ArrayList<>();
        while (names.find()) {
            found.add(names.group(1));
        }
        return found;
    }

    @Test
    void theServiceServesTheDocument() throws Exception {
        String served =
                given().get("/asyncapi.yaml").then().statusCode(200).extract().asString();
        assertEquals(Files.readString(DOCUMENT), served);
        assertTrue(served.contains("  license:\n    name: Apache-2.0\n"), "the licence is the project's (LICENSE)");
    }

    @Test
    void everyEventTypeAndControlFrameIsDescribed() throws Exception {
        List<String> names = messageNames();
        for (String type : EventPayload.TYPES) {
            assertTrue(names.contains(type), type + " is published but not described; described: " + names);
        }
        for (String control : List.of("connected", "reset", "end", "status", "close")) {
            assertTrue(names.contains(control), control + " is not described");
        }
    }

    @Test
    void theOfficialParserFindsNoError() throws Exception {
        Tools.require("node", ".ci/run installs it (Debian: nodejs)");
        Tools.require(
                Files.isDirectory(PARSER.resolve("@asyncapi/parser"))
                        ? Optional.empty()
                        : Optional.of(
                                "@asyncapi/parser is not installed in " + PARSER + "; .ci/run installs it with npm"));
        Process node = new ProcessBuilder(
                        "node", "src/test/asyncapi/validate.mjs", PARSER.toString(), DOCUMENT.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the parser finished");
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("asyncapi 3.0.0: 0 errors"), output);
    }
}
