-- One workflow action per request, each on its own application: thread t of n takes references t, t+n, t+2n, ...
-- Environment: BENCH_REFS (one reference per line), BENCH_TOKEN, BENCH_ACTION, BENCH_VERSION, BENCH_BODY,
-- BENCH_THREADS.
local refs = {}
for line in io.lines(os.getenv("BENCH_REFS")) do refs[#refs + 1] = line end
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
local counter = 0
local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  ["Content-Type"] = "application/json",
  ["If-Match"] = '"' .. os.getenv("BENCH_VERSION") .. '"',
}
local body = os.getenv("BENCH_BODY")
local action = os.getenv("BENCH_ACTION")
local threads = tonumber(os.getenv("BENCH_THREADS"))
function request()
  local ref = refs[id + counter * threads + 1] or refs[1] -- past the end: refused, and counted as such
  counter = counter + 1
  return wrk.format("POST", "/v1/applications/" .. ref .. "/actions/" .. action, headers, body)
end
dofile("bench/wrk/report.lua")
