package dev.missioncontrol.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data of every event type as Jackson writes it: its fields in order, {@code ts} last, no type field. */
class EventPayloadTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void eachTypeSerialisesItsFieldsInOrder() throws Exception {
        assertEquals(
                "{\"hero\":\"Volt\",\"id\":\"d-1\",\"ts\":\"t\"}",
                mapper.writeValueAsString(new EventPayload.DispatchAccepted("Volt", "d-1", "t")));
        assertEquals(
                "{\"hero\":\"Volt\",\"id\":\"d-1\",\"waitedMs\":12,\"ts\":\"t\"}",
                mapper.writeValueAsString(new EventPayload.DispatchRecorded("Volt", "d-1", 12, "t")));
        assertEquals(
                "{\"room\":\"hq\",\"members\":2,\"connection\":\"c1\",\"ts\":\"t\"}",
                mapper.writeValueAsString(new EventPayload.CommsJoined("hq", 2, "c1", "t")));
        assertEquals(
                "{\"room\":\"hq\",\"members\":1,\"connection\":\"c1\",\"ts\":\"t\"}",
                mapper.writeValueAsString(new EventPayload.CommsLeft("hq", 1, "c1", "t")));
        assertEquals(
                "{\"room\":\"hq\",\"text\":\"hi\",\"ts\":\"t\"}",
                mapper.writeValueAsString(new EventPayload.CommsChat("hq", "hi", "t")));
    }

    @Test
    void typesAreListedOnceEach() {
        List<String> types = List.of(
                EventPayload.DispatchAccepted.of("a", "d-1").type(),
                EventPayload.DispatchRecorded.of("a", "d-1", 0).type(),
                EventPayload.CommsJoined.of("hq", 1, "c").type(),
                EventPayload.CommsLeft.of("hq", 0, "c").type(),
                EventPayload.CommsChat.of("hq", "x").type());
        assertEquals(types, EventPayload.TYPES);
    }

    @Test
    void factoriesStampTheCurrentTime() {
        String ts = EventPayload.CommsChat.of("hq", "x").ts();
        assertTrue(ts.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"), ts);
    }
}
