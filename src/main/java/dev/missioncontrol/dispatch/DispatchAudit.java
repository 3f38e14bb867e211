package dev.missioncontrol.dispatch;

import org.jboss.logging.Logger;

/**
 * The audit trail: one INFO line per dispatch accepted and one per dispatch recorded (hero, id, wait), in the
 * category {@code mission-control.dispatch}, so that it can be turned down alone
 * ({@code quarkus.log.category."mission-control.dispatch".level=WARN}).
 */
final class DispatchAudit {

    // Built by concatenation rather than infof: a printf-style record is formatted with java.util.Formatter, which
    // parses its pattern every time.
    private static final Logger AUDIT = Logger.getLogger("mission-control.dispatch");

    private DispatchAudit() {}

    static void accepted(String hero, String id) {
        if (AUDIT.isInfoEnabled()) {
            AUDIT.info("dispatch accepted: hero=\"" + escaped(hero) + "\" id=" + id);
        }
    }

    static void recorded(Dispatch dispatch, long waitedMillis) {
        if (AUDIT.isInfoEnabled()) {
            AUDIT.info("dispatch recorded: hero=\"" + escaped(dispatch.hero()) + "\" id=" + dispatch.id() + " waited="
                    + waitedMillis + "ms");
        }
    }

    /** A hero as it goes between quotes in an audit line: heroes hold no control characters, but may hold quotes. */
    private static String escaped(String hero) {
        return hero.indexOf('"') < 0 && hero.indexOf('\\') < 0
                ? hero
                : hero.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
