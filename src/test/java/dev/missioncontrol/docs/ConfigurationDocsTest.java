package dev.missioncontrol.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.Docs;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the running configuration: every {@code mission-control.*} property the code reads
 * (its {@code @ConfigMapping} interfaces and {@code @ConfigProperty} injections) is documented, every documented
 * property exists, each documented default is the one in force, and every property or env var in a config example
 * of README.md and docs/ is a documented one.
 */
@QuarkusTest
class ConfigurationDocsTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern INJECTED = Pattern.compile(
            "@ConfigProperty\\(name = \"(mission-control\\.[^\"]+)\"(?:, defaultValue = \"([^\"]*)\")?");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    /** Variables that .ci/run and docker/compose.yaml read, not the service: they are no settings. */
    private static final Set<String> SCRIPT_VARIABLES = Set.of(
            "MISSION_CONTROL_NATIVE",
            "MISSION_CONTROL_NATIVE_JDK",
            "MISSION_CONTROL_NATIVE_XMX",
            "MISSION_CONTROL_DOCKERFILE",
            "MISSION_CONTROL_IMAGE_TAG");

    private static final Pattern SINGLE_VALUE = Pattern.compile("^`([^`]*)`$");

    /** Defaults of the properties injected with {@code @ConfigProperty}, which no config source holds. */
    private static final Map<String, String> INJECTED_DEFAULTS = new java.util.TreeMap<>();

    /** Every mission-control property the code reads, from its sources (no classpath scanning). */
    private static Set<String> propertiesInCode() throws Exception {
        Set<String> properties = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            sources = walk.filter(path -> path.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher injected = INJECTED.matcher(text);
            while (injected.find()) {
                properties.add(injected.group(1));
                if (injected.group(2) != null) {
                    INJECTED_DEFAULTS.put(injected.group(1), injected.group(2));
                }
            }
            Matcher mapping = MAPPING.matcher(text);
            if (mapping.find()) {
                String className =
                        SOURCES.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
                String prefix = mapping.group(1);
                for (String name : ConfigMappings.getProperties(
                                ConfigMappings.ConfigClass.configClass(Class.forName(className), prefix))
                        .keySet()) {
                    // A list property is named with [*] for its elements; the docs name the property itself.
                    String property = name.replace("[*]", "");
                    properties.add(property.startsWith(prefix + ".") ? property : prefix + "." + property);
                }
            }
        }
        return properties;
    }

    @Test
    void everyPropertyTheCodeReadsIsDocumentedAndNoOtherIs() throws Exception {
        Set<String> inCode = propertiesInCode();
        assertTrue(inCode.size() > 30, "the sources were read: " + inCode);
        Set<String> documented = new TreeSet<>(Docs.properties().keySet());
        documented.removeIf(name -> !name.startsWith("mission-control."));
        Set<String> undocumented = new TreeSet<>(inCode);
        undocumented.removeAll(documented);
        assertEquals(Set.of(), undocumented, "read by the code, missing from " + Docs.CONFIGURATION);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(inCode);
        assertEquals(Set.of(), unknown, "in " + Docs.CONFIGURATION + " but read nowhere");
    }

    @Test
    void everyDocumentedDefaultIsTheOneInForce() throws Exception {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        propertiesInCode();
        java.util.Properties shipped = new java.util.Properties();
        try (var in = Files.newInputStream(APPLICATION_PROPERTIES)) {
            shipped.load(in);
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> property : Docs.properties().entrySet()) {
            Matcher single = SINGLE_VALUE.matcher(property.getValue());
            // What the packaged service runs with: the shipped file, else the code's or Quarkus's default (the test
            // profile's own values, such as a random port, are not what a user gets).
            String actual = shipped.getProperty(
                    property.getKey(),
                    INJECTED_DEFAULTS.getOrDefault(
                            property.getKey(),
                            config.getConfigValue(property.getKey()).getRawValue()));
            if (single.matches()) {
                if (!single.group(1).equals(actual)) {
                    wrong.add(property.getKey() + ": documented " + single.group(1) + ", in force " + actual);
                }
            } else if (property.getKey().startsWith("quarkus.") && actual == null) {
                wrong.add(property.getKey() + ": Quarkus has no such property set or defaulted");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyConfigExampleUsesDocumentedProperties() throws Exception {
        Set<String> documented = Docs.properties().keySet();
        Set<String> envNames = new TreeSet<>();
        documented.forEach(name -> envNames.add(Docs.envName(name)));
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (DocExamples.Block block : DocExamples.blocks()) {
            if (block.language().equals("properties")) {
                for (String line : block.lines()) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        checked++;
                        String name = line.substring(0, line.indexOf('=')).trim();
                        if (!documented.contains(name)) {
                            unknown.add(block.where() + ": " + name);
                        }
                    }
                }
            } else if (block.language().equals("sh") || block.language().equals("console")) {
                Matcher setting = Pattern.compile(
                                "(?:^|\\s)(?:-D(mission-control\\.[a-z0-9.-]+)=|((?:MISSION_CONTROL|QUARKUS)_[A-Z0-9_]+)=)")
                        .matcher(String.join("\n", block.lines()));
                while (setting.find()) {
                    checked++;
                    boolean known = setting.group(1) != null
                            ? documented.contains(setting.group(1))
                            : envNames.contains(setting.group(2)) || SCRIPT_VARIABLES.contains(setting.group(2));
                    if (!known) {
                        unknown.add(block.where() + ": " + setting.group());
                    }
                }
            }
        }
        assertTrue(checked > 5, "config examples were found: " + checked);
        assertEquals(List.of(), unknown, "examples that set a property " + Docs.CONFIGURATION + " does not list");
    }
}
