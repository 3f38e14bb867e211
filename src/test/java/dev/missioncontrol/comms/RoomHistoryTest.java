package dev.missioncontrol.comms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A room's history in process, and what a resume from it may call recovered once rooms were evicted. */
class RoomHistoryTest {

    private static ChatFrame chat(long id, String room) {
        return new ChatFrame(id, room, "{\"chat\":\"c" + id + "\",\"room\":\"" + room + "\",\"id\":" + id + "}");
    }

    private static Recovery since(RoomHistory history, String room, long after) {
        return Recovery.of(history.retained(room), 2, after, history.completeAfter(room));
    }

    @Test
    void aResumeIsRecoveredOnlyWhenNothingAfterItsIdCanHaveBeenLost() {
        RoomHistory history = new RoomHistory(2, 2, 100);
        history.add(chat(101, "a"));
        history.add(chat(102, "a"));
        assertTrue(since(history, "a", 100).recovered(), "everything since the start is here");
        assertFalse(since(history, "a", 99).recovered(), "chats before the start were never retained");
        history.add(chat(103, "a"));
        history.add(chat(104, "a"));
        Recovery trimmed = since(history, "a", 101);
        assertFalse(trimmed.recovered(), "102 was trimmed");
        assertEquals(
                List.of(103L, 104L), trimmed.chats().stream().map(ChatFrame::id).toList());
        assertTrue(since(history, "a", 102).recovered(), "the extra entry shows nothing after 102 is gone");
    }

    @Test
    void aRoomEvictedForOthersIsNotReportedRecoveredWhenItComesBack() {
        RoomHistory history = new RoomHistory(2, 2, 0);
        history.add(chat(1, "a"));
        history.add(chat(2, "b"));
        history.add(chat(3, "c")); // the third room evicts a, the longest unused
        assertEquals(List.of(), history.retained("a"));
        assertFalse(since(history, "a", 0).recovered(), "a's chat 1 is gone");
        history.add(chat(4, "a"));
        assertFalse(since(history, "a", 0).recovered(), "a retained again still lost chat 1");
        assertTrue(since(history, "a", 3).recovered(), "after the evicted ids nothing of a is missing");
        assertTrue(since(history, "c", 0).recovered(), "c was never evicted and has all its chats");
    }
}
