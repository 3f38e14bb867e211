-- Counts one join or leave of a room across instances (RedisRoomRelay), once per connection and room.
-- KEYS[1] the counts (hash room -> members), KEYS[2] this instance's members (hash 'connection|room' -> 1).
-- ARGV[1] room, ARGV[2] connection, ARGV[3] '1' to join, '-1' to leave.
-- Returns the room's member count after the change.
local field = ARGV[2] .. '|' .. ARGV[1]
if ARGV[3] == '1' then
  if redis.call('HSETNX', KEYS[2], field, '1') == 0 then
    return tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
  end
  return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
end
if redis.call('HDEL', KEYS[2], field) == 0 then
  return tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
end
local count = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if count <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return math.max(count, 0)
