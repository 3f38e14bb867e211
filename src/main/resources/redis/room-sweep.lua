-- Removes every instance whose presence expired, and its room members (RedisRoomRelay.sweep).
-- KEYS[1] instances (sorted set scored by presence expiry, ms), KEYS[2] the counts (hash room -> members).
-- ARGV[1] now (ms), ARGV[2] the members-key prefix (followed by the instance id).
-- Returns {room, count, connection} triples, flattened, one per member removed, for the comms.left events.
local left = {}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, instance in ipairs(dead) do
  redis.call('ZREM', KEYS[1], instance)
  local members = ARGV[2] .. instance
  for _, field in ipairs(redis.call('HKEYS', members)) do
    local bar = string.find(field, '|', 1, true)
    local connection = string.sub(field, 1, bar - 1)
    local room = string.sub(field, bar + 1)
    local count = redis.call('HINCRBY', KEYS[2], room, -1)
    if count <= 0 then redis.call('HDEL', KEYS[2], room) count = 0 end
    table.insert(left, room)
    table.insert(left, tostring(count))
    table.insert(left, connection)
  end
  redis.call('DEL', members)
end
return left
