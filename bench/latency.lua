-- wrk script for bench/run.py: prints one line "BENCH_RESULT {json}" when the run is done.
--
--   wrk -t2 -c16 -d10s --latency -s bench/latency.lua http://127.0.0.1:8123/cities/
--   wrk ... -s bench/latency.lua http://127.0.0.1:8123 -- / /cities/ /api/cities.geojson
--
-- Paths given after "--" are requested in turn (a mixed load); without them, the URL's path.
-- Headers given with -H (a session cookie, for example) go with every request.

local requests_to_send = {}
local next_index = 0

function init(args)
  for _, path in ipairs(args) do
    requests_to_send[#requests_to_send + 1] = wrk.format(nil, path)
  end
  if #requests_to_send == 0 then
    requests_to_send[1] = wrk.format()
  end
end

function request()
  next_index = next_index % #requests_to_send + 1
  return requests_to_send[next_index]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, '
      .. '"status_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
end
