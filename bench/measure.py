"""Measuring one URL of a running server with wrk (bench/latency.lua): requests per second, latency
percentiles and errors, after a warm-up; several runs of a URL combined into one figure."""

import json
import math
import statistics
import subprocess
import time

from .servers import HOST, ROOT, BenchError, fetch, log

LUA = ROOT / "bench" / "latency.lua"


def wrk(args, port, path, *, headers=(), duration, connections, paths=(), log_file=None, script=LUA):
    """`paths`: the script's arguments (for bench/latency.lua, the paths to request in turn)."""
    command = ["wrk", f"-t{args.threads}", f"-c{connections}", f"-d{duration}s"]
    command += ["--timeout", f"{args.timeout}s", "--latency", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://{HOST}:{port}{path}")
    if paths:
        command += ["--", *paths]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if log_file:
        with open(log_file, "a") as output:
            output.write(f"\n$ {' '.join(command)}\n{completed.stdout}{completed.stderr}")
    line = next((line for line in completed.stdout.splitlines() if line.startswith("BENCH_RESULT ")), None)
    if completed.returncode != 0 or line is None:
        raise BenchError(f"wrk failed on {path}: {completed.stderr.strip() or completed.stdout.strip()}")
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    seconds = raw["duration_us"] / 1e6
    if raw["requests"] == 0:
        # Every connection waited longer than the run for its first response: wrk does not always
        # count those as timeouts, so count them here; the latency is longer than the run.
        raw["timeouts"] = max(raw["timeouts"], connections)
        for key in ("p50_us", "p90_us", "p95_us", "p99_us", "max_us"):
            raw[key] = math.inf
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "socket_errors": raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
        "status_errors": raw["status_errors"],
        "mb_per_s": raw["bytes"] / seconds / 1e6 if seconds else 0.0,
    }


def drain(port):
    """Wait until the server has finished what an earlier wrk run left queued.

    When wrk stops, the requests its connections had sent are still queued in the listen backlog
    and the sync workers answer them all; a health check queued behind them comes back quickly
    only once they are done. Without this the next measurement would start behind them.
    """
    deadline = time.monotonic() + 120
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        started = time.perf_counter()
        fetch(port, "/healthz")
        quick = quick + 1 if time.perf_counter() - started < 0.1 else 0


def measure(args, server, name, path, headers, connections, log_file, warm_up=True):
    header_dict = dict(header.split(": ", 1) for header in headers)
    for _attempt in range(3):
        status, response_headers, body = fetch(server.port, path, header_dict)
        if status != 200:
            raise BenchError(f"{name}: GET {path} answered {status}, not 200 (after warm-up)")
    if warm_up:
        wrk(args, server.port, path, headers=headers, duration=args.warmup, connections=connections)
        drain(server.port)
    result = wrk(
        args,
        server.port,
        path,
        headers=headers,
        duration=args.duration,
        connections=connections,
        log_file=log_file,
    )
    drain(server.port)
    result.update(
        {
            "path": path,
            "bytes": len(body),
            "connections": connections,
            "page_cache": response_headers.get("X-Page-Cache", ""),
        }
    )
    log(
        f"  {name:<12} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p95 {result['p95_ms']:7.1f} ms  errors {result['socket_errors']}/{result['status_errors']}"
    )
    return result


def combine(runs):
    """One figure from several runs of the same URL: medians, summed errors, the range of req/s."""
    combined = dict(runs[0])
    for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "mb_per_s"):
        combined[key] = statistics.median(run[key] for run in runs)
    for key in ("requests", "socket_errors", "status_errors"):
        combined[key] = sum(run[key] for run in runs)
    combined["rps_runs"] = sorted(run["rps"] for run in runs)
    return combined
