package dev.missioncontrol.comms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and checking of the client frames of {@code /comms}. */
class CommsCommandTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private CommsCommand parse(String frame) throws CommsCommand.Invalid {
        return CommsCommand.parse(frame, CommsCommand.strictReader(mapper), 10, 100);
    }

    private String refusal(String frame) {
        return assertThrows(CommsCommand.Invalid.class, () -> parse(frame)).getMessage();
    }

    @Test
    void aChatWithoutARoomGoesToHq() throws Exception {
        assertEquals(
                new CommsCommand.Chat("hq", "assemble!", false), parse("{\"event\":\"chat\",\"text\":\"assemble!\"}"));
    }

    @Test
    void aChatMayNameItsRoom() throws Exception {
        assertEquals(
                new CommsCommand.Chat("alerts", "x", true),
                parse("{\"event\":\"chat\",\"room\":\"alerts\",\"text\":\"x\"}"));
    }

    @Test
    void joinAndLeaveNameARoom() throws Exception {
        assertEquals(
                new CommsCommand.Join("ops.blue_1-a", -1), parse("{\"event\":\"join\",\"room\":\"ops.blue_1-a\"}"));
        assertEquals(new CommsCommand.Leave("alerts"), parse("{\"event\":\"leave\",\"room\":\"alerts\"}"));
    }

    @Test
    void joinMayResumeAndHistoryAndMembersNameARoom() throws Exception {
        assertEquals(new CommsCommand.Join("alerts", 0), parse("{\"event\":\"join\",\"room\":\"alerts\",\"since\":0}"));
        assertEquals(
                new CommsCommand.Join("alerts", 9007199254740991L),
                parse("{\"event\":\"join\",\"room\":\"alerts\",\"since\":9007199254740991}"));
        assertEquals(new CommsCommand.History("hq", 100), parse("{\"event\":\"history\",\"room\":\"hq\"}"));
        assertEquals(new CommsCommand.History("hq", 1), parse("{\"event\":\"history\",\"room\":\"hq\",\"limit\":1}"));
        assertEquals(new CommsCommand.Members("hq"), parse("{\"event\":\"members\",\"room\":\"hq\"}"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"event\":\"join\",\"room\":\"a\",\"since\":-1}       | " + CommsCommand.BAD_SINCE,
                "{\"event\":\"join\",\"room\":\"a\",\"since\":1.5}      | " + CommsCommand.BAD_SINCE,
                "{\"event\":\"join\",\"room\":\"a\",\"since\":\"7\"}    | " + CommsCommand.BAD_SINCE,
                "{\"event\":\"join\",\"room\":\"a\",\"since\":1e30}     | " + CommsCommand.BAD_SINCE,
                "{\"event\":\"join\",\"room\":\"a\",\"since\":99999999999999999999} | " + CommsCommand.BAD_SINCE,
                "{\"event\":\"history\",\"room\":\"a\",\"limit\":0}     | limit must be a whole number from 1 to 100",
                "{\"event\":\"history\",\"room\":\"a\",\"limit\":-3}    | limit must be a whole number from 1 to 100",
                "{\"event\":\"history\",\"room\":\"a\",\"limit\":101}   | limit must be a whole number from 1 to 100",
                "{\"event\":\"history\",\"room\":\"a\",\"limit\":\"x\"} | limit must be a whole number from 1 to 100",
                "{\"event\":\"history\",\"room\":\"a\",\"limit\":1e9}   | limit must be a whole number from 1 to 100",
                "{\"event\":\"history\"}                                 | missing room",
                "{\"event\":\"members\",\"room\":\"a b\"}                  | room must be 1-64 of A-Z a-z 0-9 . _ -",
            })
    void badResumeHistoryAndMembersAreRefusedWithAReason(String frame, String reason) {
        assertEquals(reason, refusal(frame));
    }

    @Test
    void sinceInTheQueryIsAWholeNumber() throws Exception {
        assertEquals(42, CommsCommand.since("42"));
        for (String bad : List.of("", "-1", "1.0", "x", "0x10", "9".repeat(19))) {
            assertEquals(
                    CommsCommand.BAD_SINCE,
                    assertThrows(CommsCommand.Invalid.class, () -> CommsCommand.since(bad))
                            .getMessage());
        }
    }

    @Test
    void textLengthCountsCodePoints() throws Exception {
        String tenHeroes = "🦸".repeat(10);
        assertEquals(
                tenHeroes, ((CommsCommand.Chat) parse("{\"event\":\"chat\",\"text\":\"" + tenHeroes + "\"}")).text());
        assertEquals("text over 10 characters", refusal("{\"event\":\"chat\",\"text\":\"" + "🦸".repeat(11) + "\"}"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json                                   | not JSON",
                "{\"event\":\"chat\",\"text\":\"x\"} trailing | not JSON",
                "{\"event\":\"chat\",\"text\":\"x\"}{}  | not JSON",
                "[1,2]                                      | not a JSON object",
                "\"chat\"                                   | not a JSON object",
                "{}                                         | missing event",
                "{\"event\":null}                           | missing event",
                "{\"event\":7}                              | event must be a string",
                "{\"event\":\"dance\"}                      | unknown event: dance",
                "{\"event\":\"chat\"}                       | missing text",
                "{\"event\":\"chat\",\"text\":5}            | text must be a string",
                "{\"event\":\"join\"}                       | missing room",
                "{\"event\":\"leave\",\"room\":\"a b\"}     | room must be 1-64 of A-Z a-z 0-9 . _ -",
                "{\"event\":\"join\",\"room\":\"\"}         | room must be 1-64 of A-Z a-z 0-9 . _ -",
                "{\"event\":\"chat\",\"room\":3,\"text\":\"x\"} | room must be 1-64 of A-Z a-z 0-9 . _ -",
            })
    void badFramesAreRefusedWithAReason(String frame, String reason) {
        assertEquals(reason, refusal(frame));
    }

    @Test
    void aLongUnknownEventIsQuotedShort() {
        String reason = refusal("{\"event\":\"" + "x".repeat(500) + "\"}");
        assertEquals("unknown event: " + "x".repeat(40) + "…", reason);
    }

    @Test
    void roomNamesAreAtMost64Characters() throws Exception {
        assertEquals(
                new CommsCommand.Join("r".repeat(64), -1),
                parse("{\"event\":\"join\",\"room\":\"" + "r".repeat(64) + "\"}"));
        refusal("{\"event\":\"join\",\"room\":\"" + "r".repeat(65) + "\"}");
    }
}
