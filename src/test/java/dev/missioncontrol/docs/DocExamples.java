package dev.missioncontrol.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fenced code blocks of README.md and docs/*.md, for the tests that run and check them. A comment
 * {@code <!-- example service: name=value ... -->} before a block says which settings the service that its examples
 * run against needs; it holds for the rest of that file.
 */
final class DocExamples {

    private static final String SERVICE = "<!-- example service:";

    /**
     * One fenced block.
     *
     * @param file     the Markdown file
     * @param line     the line of its opening fence, from 1
     * @param language the fence's info string ({@code console}, {@code sh}, {@code properties}, ...)
     * @param lines    its lines, without the fences
     * @param service  the settings its examples need from the service
     */
    record Block(Path file, int line, String language, List<String> lines, Map<String, String> service) {

        /** @return {@code file:line}, for messages */
        String where() {
            return file + ":" + line;
        }
    }

    private DocExamples() {}

    /** @return README.md and every page under docs/, in order */
    static List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** @return every fenced block of every file, in order */
    static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Path file : files()) {
            List<String> lines = Files.readAllLines(file);
            Map<String, String> service = Map.of();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith(SERVICE)) {
                    Map<String, String> settings = new LinkedHashMap<>();
                    for (String setting : line.substring(SERVICE.length(), line.lastIndexOf("-->"))
                            .trim()
                            .split("\\s+")) {
                        if (!setting.isEmpty()) {
                            settings.put(
                                    setting.substring(0, setting.indexOf('=')),
                                    setting.substring(setting.indexOf('=') + 1));
                        }
                    }
                    service = Map.copyOf(settings);
                } else if (line.startsWith("```")) {
                    int start = i;
                    List<String> body = new ArrayList<>();
                    for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                        body.add(lines.get(i));
                    }
                    blocks.add(new Block(file, start + 1, line.substring(3).trim(), body, service));
                }
            }
        }
        return blocks;
    }
}
