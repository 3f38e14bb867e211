-- Publishes one event (RedisEventPublisher), at most once per publisher sequence number: a publish sent again after
-- its connection broke (Redis may or may not have run it) is recognised and appended only if it was not.
-- KEYS[1] event sequence, KEYS[2] event stream, KEYS[3] this publisher's last sequence number (a string key, kept a
-- day after the publisher's last publish).
-- ARGV[1] stream max length, ARGV[2] type, ARGV[3] JSON data, ARGV[4] publish time (ms), ARGV[5] the publisher's
-- sequence number for this event: 1, 2, 3, ... in the order it publishes, ARGV[6] the newest event id this instance
-- has seen (append_event's floor).
-- Returns the event's id, or 0 for a publish appended before.
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
if tonumber(ARGV[5]) <= last then
  return 0
end
redis.call('SET', KEYS[3], ARGV[5], 'PX', 86400000)
return append_event(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[6])
