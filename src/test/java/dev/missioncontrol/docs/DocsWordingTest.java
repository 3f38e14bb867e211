package dev.missioncontrol.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a reader of README.md and docs/ is spared: words about how the project was made rather than what it does,
 * links to files a clone does not have, and a README too long for a first read.
 */
class DocsWordingTest {

    /** Process words, each matched as a whole word, case-insensitively. */
    private static final List<String> PROCESS_WORDS = List.of(
            "seed",
            "seeds",
            "design card",
            "this machine",
            "these machines",
            "the aim",
            "aims",
            "lab notebook",
            "contract.md",
            "../shared");

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void noProcessWordsWhereUsersRead() throws Exception {
        List<String> found = new ArrayList<>();
        for (Path file : DocExamples.files()) {
            String text = Files.readString(file).toLowerCase(Locale.ROOT);
            for (String word : PROCESS_WORDS) {
                Matcher matcher = Pattern.compile("(?<![\\w./])" + Pattern.quote(word) + "(?![\\w])")
                        .matcher(text);
                if (matcher.find()) {
                    found.add(file + ": \"" + word + "\"");
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyLocalLinkLeadsToAFileInTheRepository() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path file : DocExamples.files()) {
            Matcher link = LINK.matcher(Files.readString(file));
            while (link.find()) {
                String target = link.group(1);
                if (!target.contains("://")
                        && !Files.exists(
                                file.getParent() == null
                                        ? Path.of(target)
                                        : file.getParent().resolve(target))) {
                    broken.add(file + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmeFitsAFirstRead() throws Exception {
        long size = Files.size(Path.of("README.md"));
        assertTrue(size <= 12 * 1024, "README.md is " + size + " bytes; the details belong in docs/");
    }
}
