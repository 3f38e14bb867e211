package dev.missioncontrol.dispatch;

/**
 * Dispatch input refused (the hero, the body, the Idempotency-Key), with a sentence for the client that describes the
 * input, never the implementation. The route answers it with {@code 400}.
 */
final class BadInput extends Exception {

    /** @param detail what was wrong, for the client */
    BadInput(String detail) {
        // No stack trace: a client's mistake is an expected answer, not a fault to debug.
        super(detail, null, false, false);
    }
}
