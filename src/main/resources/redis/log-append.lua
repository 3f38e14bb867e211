-- Appends entries to the mission log and keeps the newest (RedisLogStore.append).
-- KEYS[1] the log. ARGV[1] how many entries to keep, ARGV[2..] entries as LogEntry.stored() writes them.
-- Returns the log's length after trimming.
for i = 2, #ARGV do
  append_log(KEYS[1], ARGV[i])
end
trim_log(KEYS[1], ARGV[1])
return redis.call('LLEN', KEYS[1])
