package dev.missioncontrol.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the user documentation says, read the way tests need it: the properties and defaults of docs/configuration.md. */
public final class Docs {

    /** The page that lists every setting. */
    public static final Path CONFIGURATION = Path.of("docs/configuration.md");

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z0-9.\"-]*)` \\| ([^|]*) \\|");

    private Docs() {}

    /** @return every property in a table of docs/configuration.md, in order, with its default cell as written */
    public static Map<String, String> properties() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CONFIGURATION)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                properties.put(row.group(1), row.group(2).trim());
            }
        }
        return properties;
    }

    /**
     * @return the environment variable that sets {@code property}, as MicroProfile Config maps it: upper case, every
     *         character that is not a letter or digit replaced by {@code _}
     */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
