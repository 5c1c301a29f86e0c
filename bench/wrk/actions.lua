-- One workflow action per request, each on its own application: thread t of n takes references t, t+n, t+2n, ...
-- A thread stops when its references run out, so a fast machine ends the run early instead of counting
-- refusals of applications already acted on; the reported duration then ends when the last thread stopped.
-- Environment: BENCH_REFS (one reference per line), BENCH_TOKEN, BENCH_ACTION, BENCH_VERSION, BENCH_BODY,
-- BENCH_THREADS.
dofile("bench/wrk/report.lua")
local refs = {}
for line in io.lines(os.getenv("BENCH_REFS")) do refs[#refs + 1] = line end
function setup(thread)
  thread:set("id", #report_threads)
  report_threads[#report_threads + 1] = thread
end
function init(args) started_at = monotonic_seconds() end
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
  local ref = refs[id + counter * threads + 1]
  counter = counter + 1
  if not ref then
    stopped_at = stopped_at or monotonic_seconds()
    wrk.thread:stop()
    ref = refs[1] -- a request must be returned; the stopped thread reads no answer to it
  end
  return wrk.format("POST", "/v1/applications/" .. ref .. "/actions/" .. action, headers, body)
end
