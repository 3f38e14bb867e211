package dev.missioncontrol.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A resume under traffic: one member chats without pause while another leaves and rejoins a room with
 * {@code since} again and again; every rejoin must go on exactly where the last one stopped.
 */
public final class Handover {

    private Handover() {}

    /**
     * @param room      the room, which {@code talker} has joined
     * @param talker    chats {@code m0, m1, ...} into the room every 20 ms until the handovers are done
     * @param member    connects the member for handover {@code i} (a fresh connection each time, on any instance)
     * @param handovers how many times the member rejoins; it reads 15 chats each time
     */
    public static void assertNoGapNoDuplicate(String room, WsClient talker, IntFunction<WsClient> member, int handovers)
            throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        AtomicBoolean talking = new AtomicBoolean(true);
        try {
            Future<Integer> said = background.submit(() -> {
                int n = 0;
                while (talking.get()) {
                    talker.send("{\"event\":\"chat\",\"room\":\"" + room + "\",\"text\":\"m" + n++ + "\"}");
                    Thread.sleep(20); // the talker's pace, under the message rate; not a wait for anything
                }
                return n;
            });
            long since = 0;
            int expected = -1;
            for (int handover = 0; handover < handovers; handover++) {
                try (WsClient client = member.apply(handover)) {
                    client.send("{\"event\":\"join\",\"room\":\"" + room + "\",\"since\":" + since + "}");
                    String joined = client.next();
                    assertTrue(joined.startsWith("{\"joined\":\"" + room + "\""), joined);
                    for (int i = 0; i < 15; i++) {
                        String frame = client.next();
                        int n = Integer.parseInt(ChatFrames.text(frame).substring(1));
                        if (expected < 0) {
                            expected = n; // the first handover starts wherever retention starts
                        }
                        assertEquals(expected, n, "handover " + handover + ": in order, no gap, no duplicate");
                        expected++;
                        since = ChatFrames.id(frame);
                    }
                }
            }
            talking.set(false);
            assertTrue(said.get() >= expected, "the talker kept talking through every handover");
        } finally {
            background.shutdownNow();
        }
    }
}
