package dev.missioncontrol.docs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.Tools;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code console} example of README.md and docs/*.md against the packaged service (the jar, or the
 * native binary in a native build), in document order, one service per file (and per {@code example service}
 * settings): each {@code $ curl} with the real curl, each {@code $ wscat} session with the JDK's WebSocket client
 * ({@code >} lines sent, {@code <} lines expected), {@code localhost:8000} pointed at the started service. Output
 * must be what the page shows, after values that change on every run (dispatch ids, which are then used in later
 * commands, times, event ids, waits) are masked.
 */
class DocExamplesIT {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final Pattern LONG_NUMBER = Pattern.compile("\\b\\d{10,}\\b");
    private static final Pattern WAITED = Pattern.compile("\"waitedMs\":\\d+");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Documented dispatch ids and the real ones they stand for, learned from earlier output. */
    private final Map<String, String> ids = new HashMap<>();

    @AfterEach
    void stop() {
        services.values().forEach(ServiceProcess::close);
    }

    @Test
    void everyConsoleExampleWorksAsShown() throws Exception {
        Tools.require("curl", "install it from your distribution (Debian: curl)");
        int commands = 0;
        for (DocExamples.Block block : DocExamples.blocks()) {
            if (!block.language().equals("console")) {
                continue;
            }
            String key = block.file() + " " + block.service();
            if (!services.containsKey(key)) {
                services.put(
                        key,
                        ServiceProcess.start(
                                "docs-" + block.file().getFileName() + "-" + services.size(), block.service()));
            }
            ServiceProcess service = services.get(key);
            List<String> lines = block.lines();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("$ ")) {
                    fail(block.where() + ": output before any command: " + lines.get(i));
                }
                String command = lines.get(i).substring(2);
                List<String> expected = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")) {
                    expected.add(lines.get(++i));
                }
                String where = block.where() + " `" + command + "`";
                List<String> args = words(command.replace("localhost:8000", "localhost:" + service.port()));
                args.replaceAll(this::realIds);
                if (args.get(0).equals("curl")) {
                    curl(where, args, String.join("\n", expected));
                } else if (args.get(0).equals("wscat")) {
                    wscat(where, args, expected);
                } else {
                    fail(where + ": only curl and wscat examples can be run");
                }
                commands++;
            }
        }
        assertTrue(commands > 20, "the examples were found and run: " + commands);
    }

    /** Runs curl until its output is the expected (a read may come before the background record), at most 10 s. */
    private void curl(String where, List<String> args, String expected) {
        boolean stream = args.contains("-N");
        String[] last = {""};
        try {
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> matches(expected, last[0] = run(args, expected, stream), stream));
        } catch (ConditionTimeoutException e) {
            assertEquals(mask(expected), mask(last[0]), where);
        }
        learnIds(expected, last[0]);
    }

    private String run(List<String> args, String expected, boolean stream) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Process curl = new ProcessBuilder(args)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = curl.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                if (in.available() > 0 || !curl.isAlive()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    if (stream && matches(expected, text(out), true)) {
                        break;
                    }
                } else {
                    curl.waitFor(20, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            curl.destroy();
        }
        return text(out);
    }

    private void wscat(String where, List<String> args, List<String> session) throws Exception {
        URI uri = null;
        HttpClient client = HttpClient.newHttpClient();
        WebSocket.Builder builder = client.newWebSocketBuilder();
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-c" -> uri = URI.create(args.get(++i));
                case "-H" -> {
                    String header = args.get(++i);
                    builder.header(
                            header.substring(0, header.indexOf(':')).trim(),
                            header.substring(header.indexOf(':') + 1).trim());
                }
                default -> fail(where + ": wscat option not understood here: " + args.get(i));
            }
        }
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try {
            for (String line : session) {
                if (line.equals("Connected (press CTRL+C to quit)")) {
                    continue;
                } else if (line.startsWith("> ")) {
                    socket.sendText(line.substring(2), true).get(10, TimeUnit.SECONDS);
                } else if (line.startsWith("< ")) {
                    String message = received.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                    assertEquals(
                            mask(line.substring(2)), message == null ? "(nothing received)" : mask(message), where);
                } else {
                    fail(where + ": a wscat line is '> ' sent, '< ' received or the Connected line: " + line);
                }
            }
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean matches(String expected, String actual, boolean prefix) {
        String want = mask(expected).strip();
        String got = mask(actual).strip();
        return prefix ? got.startsWith(want) : got.equals(want);
    }

    /** Pairs each documented id with the real one in the same place of the output. */
    private void learnIds(String expected, String actual) {
        List<String> documented = all(UUID, expected);
        List<String> real = all(UUID, actual);
        for (int i = 0; i < Math.min(documented.size(), real.size()); i++) {
            ids.putIfAbsent(documented.get(i), real.get(i));
        }
    }

    private String realIds(String arg) {
        Matcher uuid = UUID.matcher(arg);
        return uuid.replaceAll(found -> Matcher.quoteReplacement(ids.getOrDefault(found.group(), found.group())));
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** The text with what differs between runs replaced by placeholders. */
    static String mask(String text) {
        String masked = UUID.matcher(text.replace("\r\n", "\n")).replaceAll("<id>");
        masked = TIME.matcher(masked).replaceAll("<time>");
        masked = WAITED.matcher(masked).replaceAll("\"waitedMs\":<ms>");
        return LONG_NUMBER.matcher(masked).replaceAll("<n>");
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Splits a command line as a POSIX shell does for these examples: spaces, single and double quotes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unbalanced quote in: " + line);
                }
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
