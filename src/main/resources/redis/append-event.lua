-- append_event(sequence, stream, maxlen, type, data, ms, floor): numbers one event and appends it to the event stream,
-- returning its id. The one way events enter the stream, shared by every script that publishes in the same atomic
-- step as its own writes (event-publish.lua, dispatch-accept.lua, dispatch-record.lua).
--   sequence  the key of the event counter (INCR)
--   stream    the key of the event stream; the entry id is <n>-0, trimmed with MAXLEN ~ maxlen
--   type, data, ms  the event's type, JSON data and publish time in ms since the epoch (fields t, d, ms)
--   floor     the newest id the calling instance has seen, 0 for none
-- If the counter is gone (Redis lost it) it continues from the newest entry, and if it is behind the caller's floor
-- (a replica promoted by Sentinel lacks what the lost primary appended last) it jumps past it, so ids never repeat or
-- go backwards for anyone who saw them.
local function append_event(sequence, stream, maxlen, type, data, ms, floor)
  if redis.call('EXISTS', sequence) == 0 then
    local newest = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
    if #newest > 0 then
      redis.call('SET', sequence, string.match(newest[1][1], '^(%d+)'))
    end
  end
  local id = redis.call('INCR', sequence)
  if id <= tonumber(floor) then
    id = tonumber(floor) + 1
    redis.call('SET', sequence, id)
  end
  redis.call('XADD', stream, 'MAXLEN', '~', maxlen, id .. '-0', 't', type, 'd', data, 'ms', ms)
  return id
end
