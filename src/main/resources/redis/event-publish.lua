-- Publishes one event (RedisEventTransport).
-- KEYS[1] event sequence, KEYS[2] event stream.
-- ARGV[1] stream max length, ARGV[2] type, ARGV[3] JSON data, ARGV[4] publish time (ms).
-- Returns the event's id.
return append_event(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
