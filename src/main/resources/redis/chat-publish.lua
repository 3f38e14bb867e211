-- Publishes one chat (RedisRoomRelay): numbers it as a comms.chat event on the event stream and retains it in its
-- room's history, in one atomic step, so the stream and every instance's view of the history agree.
-- KEYS[1] event sequence, KEYS[2] event stream, KEYS[3] the room's history (a list of '<id>\n<data>', oldest first).
-- ARGV[1] stream max length, ARGV[2] the comms.chat JSON data, ARGV[3] publish time (ms), ARGV[4] the newest event
-- id this instance has seen (append_event's floor), ARGV[5] entries the history keeps (comms.history + 1: the extra,
-- oldest one marks what was trimmed), ARGV[6] the deadline in Redis's own clock (ms since the epoch; 0 for none),
-- ARGV[7] how long the history outlives its last chat (ms).
-- Returns the event's id, or 0 when the deadline passed: the sender was told the chat was not delivered (Redis was
-- paused or slow), so it must not be delivered now.
if tonumber(ARGV[6]) > 0 then
  local now = redis.call('TIME')
  if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[6]) then
    return 0
  end
end
local id = append_event(KEYS[1], KEYS[2], ARGV[1], 'comms.chat', ARGV[2], ARGV[3], ARGV[4])
redis.call('RPUSH', KEYS[3], id .. '\n' .. ARGV[2])
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[5]), -1)
redis.call('PEXPIRE', KEYS[3], ARGV[7])
return id
