-- Prints one line the bench scripts parse: BENCH requests duration_us failures p50_ms p99_ms.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("BENCH %d %d %d %.3f %.3f\n", summary.requests, summary.duration,
    errors.status + errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
