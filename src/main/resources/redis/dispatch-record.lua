-- Records a batch of dispatches exactly once (RedisDispatchQueue.record), atomically: for each, XACK, and only if
-- that acknowledged it (it was still pending) XDEL, append to the mission log, mark its status and publish
-- dispatch.recorded.
-- KEYS[1] dispatch queue, KEYS[2] mission log, KEYS[3] event sequence, KEYS[4] event stream.
-- ARGV[1] consumer group, ARGV[2] log retain, ARGV[3] event stream max length, ARGV[4] now (ms),
-- ARGV[5] status ttl (ms), ARGV[6] status key prefix, ARGV[7] event type, ARGV[8] the newest event id this
-- instance has seen (append_event's floor), then four per dispatch: entry id,
-- dispatch id, log entry (LogEntry.stored()), event data.
-- Returns one number per dispatch: 1 recorded now, 0 recorded before (by this or another instance).
local done = {}
local any = false
for i = 9, #ARGV, 4 do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    redis.call('XDEL', KEYS[1], ARGV[i])
    append_log(KEYS[2], ARGV[i + 2])
    local status = ARGV[6] .. ARGV[i + 1]
    redis.call('HSET', status, 'recorded', ARGV[4])
    redis.call('PEXPIRE', status, ARGV[5])
    append_event(KEYS[3], KEYS[4], ARGV[3], ARGV[7], ARGV[i + 3], ARGV[4], ARGV[8])
    done[#done + 1] = 1
    any = true
  else
    done[#done + 1] = 0
  end
end
if any then
  trim_log(KEYS[2], ARGV[2])
end
return done
