package dev.missioncontrol.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The external programs tests run (nginx, chromium, redis-server, prometheus, wrk, node), found on the {@code PATH}
 * (and the {@code sbin} directories, where distributions put nginx), and the one rule for a test that needs one that
 * is missing: on a developer's machine it is skipped with {@link #MISSING} and the reason; under {@code CI=true} it
 * fails, so that CI can never pass on tests that did not run. {@code .ci/run} installs the tools and lists every skip.
 */
public final class Tools {

    /** How every skip for a missing tool begins; {@code .ci/run} counts the skips by it. */
    public static final String MISSING = "missing tool: ";

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

    private Tools() {}

    /** @return the executable {@code name} from the {@code PATH} or an {@code sbin} directory, if there is one */
    public static Optional<Path> find(String name) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** @return the first of {@code paths} that exists (a module or data file rather than a program), if any */
    public static Optional<Path> firstExisting(String... paths) {
        return List.of(paths).stream().map(Path::of).filter(Files::exists).findFirst();
    }

    /**
     * Lets the calling test go on only where nothing is missing: with {@code missing} empty it returns; otherwise the
     * test is skipped with {@link #MISSING} and the reason, or fails under {@code CI=true}.
     *
     * @param missing why the test cannot run here (which tool, and what installs it), or empty
     */
    public static void require(Optional<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(MISSING + missing.get() + " (CI=true: a test that needs a tool must run, not skip)");
        }
        assumeTrue(false, MISSING + missing.get());
    }

    /**
     * @param name        a program
     * @param installedBy what installs it, for the message
     * @return why a test that runs {@code name} cannot run here, or empty when {@link #find} finds it
     */
    public static Optional<String> missing(String name, String installedBy) {
        return find(name).isPresent() ? Optional.empty() : Optional.of(name + " is not installed; " + installedBy);
    }

    /** {@link #require} for one program: missing when {@link #find} does not find {@code name}. */
    public static Path require(String name, String installedBy) {
        require(missing(name, installedBy));
        return find(name).orElseThrow();
    }
}
