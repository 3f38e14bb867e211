package dev.missioncontrol.dispatch;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code 202} body of a dispatch: {@code {"dispatched":"Volt"}}.
 *
 * @param dispatched the hero whose dispatch was accepted
 */
@RegisterForReflection
public record Dispatched(String dispatched) {}
