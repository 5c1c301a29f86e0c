-- GETs of paths read from BENCH_PATHS (one per line), in random order, with an optional bearer token or cookie.
-- Any answer but 2xx counts as a failure (a 3xx too: a session that ended would be answered with a redirect).
dofile("bench/wrk/report.lua")
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local token = os.getenv("BENCH_TOKEN")
local headers = {}
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then headers["Cookie"] = cookie end
function init(args) math.randomseed(os.time() + math.random(1000)) end
function request()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
-- With BENCH_ANSWERS=server the calling script counts answers on the server's /metrics instead: a Lua response()
-- makes wrk copy every body into Lua, CPU taken from the server it measures.
if os.getenv("BENCH_ANSWERS") ~= "server" then
  function setup(thread) answer_threads[#answer_threads + 1] = thread end
  unexpected = 0
  function response(status) if status >= 300 then unexpected = unexpected + 1 end end
end
