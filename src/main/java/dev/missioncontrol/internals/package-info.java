/**
 * The one place that touches framework internals: Vert.x's {@code io.vertx.core.net.impl.ConnectionBase}, to reach
 * a connection's Netty channel, and the name Vert.x gives its own handler in the pipeline ({@code "handler"}).
 * Comms writes room frames straight to the socket and adds RFC 6455 strictness there; problem responses flush before
 * they close. Neither is public API, so a Quarkus or Vert.x upgrade may move them: {@code VertxPipelineTest} fails
 * first, then {@code StrictFramesTest}, {@code CommsTest} and {@code HttpStrictnessTest}. {@code ArchitectureTest}
 * keeps every other package away from {@code .impl.} types.
 */
package dev.missioncontrol.internals;
