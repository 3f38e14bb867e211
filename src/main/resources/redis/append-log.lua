-- append_log(log, entry) and trim_log(log, retain): the one way entries enter the mission log in Redis, a list
-- read with LRANGE (RedisLogStore). An entry is formatted by LogEntry.stored() in Java: the hero, U+001F, the
-- record time in ms. Used by log-append.lua and, in the step that acknowledges a dispatch, dispatch-record.lua.
local function append_log(log, entry)
  redis.call('RPUSH', log, entry)
end

local function trim_log(log, retain)
  redis.call('LTRIM', log, -tonumber(retain), -1)
end
