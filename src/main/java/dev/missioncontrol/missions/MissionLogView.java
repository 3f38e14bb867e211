package dev.missioncontrol.missions;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The body of {@code GET /missions/log}: {@code {"dispatched":["Volt","Storm"]}}.
 *
 * @param dispatched hero names in the order recorded
 */
@RegisterForReflection
public record MissionLogView(List<String> dispatched) {
}
