-- Accepts one dispatch, or answers from its idempotency key (RedisDispatchQueue.accept), atomically.
-- KEYS[1] dispatch queue (stream), KEYS[2] idempotency key (the queue's own key when the request has none),
-- KEYS[3] the dispatch's status hash, KEYS[4] event sequence, KEYS[5] event stream.
-- ARGV[1] hero, ARGV[2] dispatch id, ARGV[3] accepted (ms), ARGV[4] max pending in the deployment,
-- ARGV[5] idempotency ttl (ms; '' without a key), ARGV[6] event stream max length, ARGV[7] event type,
-- ARGV[8] event data, ARGV[9] traceparent ('' without one), ARGV[10] the newest event id this instance has seen
-- (append_event's floor).
-- Returns {'accepted', entry id}, {'repeat', dispatch id, accepted ms}, {'other'} or {'full'}.
if ARGV[5] ~= '' then
  local first = redis.call('HMGET', KEYS[2], 'hero', 'id', 'ms')
  if first[1] then
    if first[1] == ARGV[1] then
      return {'repeat', first[2], first[3]}
    end
    return {'other'}
  end
end
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return {'full'}
end
local entry = redis.call('XADD', KEYS[1], '*', 'id', ARGV[2], 'hero', ARGV[1], 'ms', ARGV[3], 'tp', ARGV[9])
redis.call('HSET', KEYS[3], 'hero', ARGV[1], 'accepted', ARGV[3])
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[2], 'hero', ARGV[1], 'id', ARGV[2], 'ms', ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
append_event(KEYS[4], KEYS[5], ARGV[6], ARGV[7], ARGV[8], ARGV[3], ARGV[10])
return {'accepted', entry}
