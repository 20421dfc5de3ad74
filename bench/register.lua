-- wrk script for bench/run.py's registration rush: every request registers a new person (a new e-mail
-- address per thread and request) for the bench event, through the public form with its CSRF token.
--
--   wrk -t2 -c8 -d10s --latency -s bench/register.lua http://127.0.0.1:8123/events/bench/register/ -- TOKEN RUN
--
-- Prints "BENCH_RESULT {json}" like bench/latency.lua. A registration answers 302 (to its confirmation).

local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("thread_number", count)
  table.insert(threads, thread)
end

local token, run
local sent = 0

function init(args)
  token = args[1]
  run = args[2] or "0"
end

function request()
  sent = sent + 1
  local email = string.format("rush-%s-%d-%d@bench.example", run, thread_number, sent)
  local body = "csrfmiddlewaretoken=" .. token
    .. "&given_name=Rush&family_name=" .. thread_number .. "-" .. sent
    .. "&email=" .. email:gsub("@", "%%40")
    .. "&language=es&organisation=Bench"
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=" .. token
  return wrk.format("POST", nil, headers, body)
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
