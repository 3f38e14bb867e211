-- Removes from the dispatch group the consumers of instances that are gone (RedisDispatchReader.takeOver): those
-- with nothing pending, whose dispatches were taken over, and that have not read for longer than a live instance
-- ever waits between two reads. Atomic, so that no consumer gains a pending dispatch between the check and the
-- XGROUP DELCONSUMER, which would drop it from the group's pending list. A live instance removed by mistake (cut off
-- from Redis for that long) is made again by its next XREADGROUP, having nothing pending to lose.
-- KEYS[1] the dispatch queue (stream).
-- ARGV[1] the consumer group, ARGV[2] idle time in ms past which a consumer counts as gone, ARGV[3] this instance's
-- consumer, never removed.
-- Returns the names of the consumers removed.
local removed = {}
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local fields = {}
  for i = 1, #consumer, 2 do
    fields[consumer[i]] = consumer[i + 1]
  end
  if fields['name'] ~= ARGV[3] and tonumber(fields['pending']) == 0 and tonumber(fields['idle']) > tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
    removed[#removed + 1] = fields['name']
  end
end
return removed
