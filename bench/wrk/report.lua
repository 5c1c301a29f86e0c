-- Prints one line the bench scripts parse: BENCH requests duration_us failures p50_ms p99_ms.
-- Scripts whose threads stop early add them to report_threads and set the globals started_at and stopped_at
-- in each thread; the duration is then the longest thread's.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *time);
]]
local now = ffi.new("bench_timespec")
function monotonic_seconds()
  ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
  return tonumber(now.tv_sec) + tonumber(now.tv_nsec) / 1e9
end
report_threads = {}
-- Threads whose scripts count answers that are not the page asked for (wrk counts only 4xx and 5xx: a redirect to
-- sign-in would pass) register here, each with its global `unexpected`.
answer_threads = {}

function done(summary, latency, requests)
  local errors = summary.errors
  local duration = summary.duration
  local longest = 0
  for _, thread in ipairs(report_threads) do
    local stopped = thread:get("stopped_at")
    if not stopped then
      longest = nil
      break
    end
    longest = math.max(longest, (stopped - thread:get("started_at")) * 1e6)
  end
  if longest and longest > 0 then duration = math.min(duration, longest) end
  local unexpected = 0
  for _, thread in ipairs(answer_threads) do unexpected = unexpected + (thread:get("unexpected") or 0) end
  io.write(string.format("BENCH %d %d %d %.3f %.3f\n", summary.requests, duration,
    errors.status + errors.connect + errors.read + errors.write + errors.timeout + unexpected,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
