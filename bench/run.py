"""`make bench`: measure the production setup (PostgreSQL, Redis, gunicorn, whitenoise) with wrk.

For each data size it recreates a PostgreSQL database and a Redis database of its own, migrates,
runs setup_network (the shipped list of cities), adds generated data (generate_benchmark_data),
counts each page's SQL queries in-process (bench/probe.py), starts gunicorn with the production
settings and measures with wrk: requests per second and p50/p95 latency of the public pages, the
GeoJSON and two staff pages, each compared with a static file of the GeoJSON's size served by the
same server (whitenoise), the baseline. It prints a Markdown table per size and checks the targets.

    .venv/bin/python bench/run.py                       # both sizes, 10 s per URL
    .venv/bin/python bench/run.py --sizes small --duration 3
    .venv/bin/python bench/run.py --load                # plus 60 s at 64 connections on public pages

The exit status is non-zero when a request failed (socket error, timeout, 4xx/5xx, a server error
in the log) or the benchmark could not run; missed performance targets are reported, not fatal.
Environment overrides: BENCH_SIZES, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_STAFF_CONNECTIONS, BENCH_ROUNDS,
BENCH_WORKERS, BENCH_LOAD.
"""

import argparse
import http.client
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LUA = ROOT / "bench" / "latency.lua"
HOST = "127.0.0.1"
FOCUS_CITY = "medellin"
PUBLIC_PAGES = ("home", "directory", "city", "geojson")
PAGE_LABELS = {
    "baseline": "Static file (baseline)",
    "home": "Home page",
    "directory": "Directory",
    "city": "City page",
    "geojson": "GeoJSON",
    "engagements": "Engagement listing (staff)",
    "timeline": "City timeline (staff)",
}
GEOJSON_TARGET = 0.8
PUBLIC_TARGET = 0.5
P95_TARGET_MS = 150
# Redis databases of the two sizes, emptied at the start: the tests use 14 and 15, `make production` 0.
REDIS_DBS = (12, 13)


@dataclass
class Size:
    name: str
    description: str
    generate: list = field(default_factory=list)


SIZES = {
    "small": Size(
        "small",
        "the shipped list (65 cities) with a small engagement log: 5,000 engagements, 300 contacts, "
        "500 of the engagements for Medellín",
        [
            "--engagements",
            "5000",
            "--contacts",
            "300",
            "--organisations",
            "100",
            "--focus-engagements",
            "500",
        ],
    ),
    "large": Size(
        "large",
        "the shipped list plus 5,000 generated cities (5,065) and 1,000,000 engagements, "
        "3,000 contacts, 10,000 of the engagements for Medellín",
        [
            "--cities",
            "5000",
            "--engagements",
            "1000000",
            "--contacts",
            "3000",
            "--organisations",
            "500",
            "--focus-engagements",
            "10000",
        ],
    ),
}


class BenchError(Exception):
    """The benchmark could not run."""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def env_default(name, default):
    return os.environ.get(name) or default


def parse_args():
    parser = argparse.ArgumentParser(
        description="Benchmark the production setup with wrk (see docs/performance.md)."
    )
    parser.add_argument(
        "--sizes", default=env_default("BENCH_SIZES", "small,large"), help="small, large or small,large"
    )
    parser.add_argument(
        "--duration", type=int, default=int(env_default("BENCH_DURATION", "10")), help="seconds per URL"
    )
    parser.add_argument(
        "--connections", type=int, default=int(env_default("BENCH_CONNECTIONS", "16")), help="wrk -c"
    )
    parser.add_argument(
        "--staff-connections",
        type=int,
        default=int(env_default("BENCH_STAFF_CONNECTIONS", "2")),
        help="wrk -c for the staff pages (staff members working at once)",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env_default("BENCH_WORKERS", "3")),
        help="gunicorn workers (WEB_CONCURRENCY)",
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk warm-up per URL (discarded)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(env_default("BENCH_ROUNDS", "1")),
        help="measure every URL this many times, in turn, and report medians (steadier on a busy machine)",
    )
    parser.add_argument("--timeout", type=int, default=5, help="wrk --timeout, seconds")
    parser.add_argument(
        "--load",
        action="store_true",
        default=env_default("BENCH_LOAD", "").lower() in {"1", "true", "yes"},
        help="also run the load test: the public pages in turn, --load-connections for --load-duration",
    )
    parser.add_argument("--load-duration", type=int, default=60)
    parser.add_argument("--load-connections", type=int, default=64)
    parser.add_argument(
        "--postgres",
        default=env_default("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (the databases learning_cities_bench_<size> are dropped and recreated)",
    )
    parser.add_argument(
        "--redis",
        default=env_default("BENCH_REDIS", "redis://127.0.0.1:6379"),
        help=f"Redis server (databases {REDIS_DBS[0]} and {REDIS_DBS[1]} are flushed)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the report (Markdown) to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, static files)")
    args = parser.parse_args()
    args.sizes = [name.strip() for name in args.sizes.split(",") if name.strip()]
    unknown = [name for name in args.sizes if name not in SIZES]
    if unknown or not args.sizes:
        parser.error(f"unknown size(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(SIZES)}")
    if min(args.connections, args.staff_connections, args.load_connections) < args.threads:
        parser.error("wrk needs at least as many connections as threads")
    return args


# --- Processes -----------------------------------------------------------------------------------


def run_logged(command, env, log_file, label):
    """Run a command with its output appended to log_file; return the seconds it took."""
    started = time.perf_counter()
    with open(log_file, "a") as output:
        output.write(f"\n$ {' '.join(str(part) for part in command)}\n")
        output.flush()
        completed = subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise BenchError(f"{label} failed (exit {completed.returncode}); see {log_file}:\n{tail(log_file)}")
    log(f"  {label}: {seconds:.1f} s")
    return seconds


def tail(path, lines=25):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def check_prerequisites(args):
    missing = [tool for tool in ("wrk",) if shutil.which(tool) is None]
    if missing:
        raise BenchError("wrk is not installed: apt-get install wrk (Debian's package).")
    for path in (PYTHON, GUNICORN):
        if not path.exists():
            raise BenchError(f"{path} is missing: run `make setup` (or `make .venv/.installed`) first.")
    import psycopg
    import redis

    try:
        psycopg.connect(f"{args.postgres}/postgres", connect_timeout=5).close()
    except psycopg.Error as error:
        raise BenchError(f"PostgreSQL does not answer at {args.postgres}: {error}") from None
    try:
        redis.Redis.from_url(f"{args.redis}/0", socket_timeout=5).ping()
    except redis.RedisError as error:
        raise BenchError(f"Redis does not answer at {args.redis}: {error}") from None


def recreate_database(args, name):
    import psycopg

    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def base_env(args, secret_key, static_root, database_url, redis_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "network.settings.production",
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "STATIC_ROOT": str(static_root),
            "WEB_CONCURRENCY": str(args.workers),
            "GUNICORN_ACCESS_LOG": "",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


class Server:
    """gunicorn with the production settings, as `make production` starts it, on a free port."""

    def __init__(self, env, log_file):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"{HOST}:{self.port}"}
        self.log_file = log_file
        self.process = None

    def __enter__(self):
        output = open(self.log_file, "a")  # noqa: SIM115 (closed in __exit__)
        self.output = output
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{tail(self.log_file)}")
            try:
                status, _headers, _body = fetch(self.port, "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer /healthz within 60 s:\n{tail(self.log_file)}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def server_errors(log_file):
    """Server-side errors in gunicorn's log: Django's 5xx reports, tracebacks, killed workers."""
    text = Path(log_file).read_text(errors="replace")
    return {
        "internal_errors": len(re.findall(r"Internal Server Error", text)),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
    }


# --- Measuring -----------------------------------------------------------------------------------


def wrk(args, port, path, *, headers=(), duration, connections, paths=(), log_file=None):
    command = ["wrk", f"-t{args.threads}", f"-c{connections}", f"-d{duration}s"]
    command += ["--timeout", f"{args.timeout}s", "--latency", "-s", str(LUA)]
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


def run_size(args, size, work, secret_key, static_root, redis_db):
    log(f"Size {size.name}: {size.description}")
    database = f"learning_cities_bench_{size.name}"
    database_url = f"{args.postgres}/{database}"
    redis_url = f"{args.redis}/{redis_db}"
    env = base_env(args, secret_key, static_root, database_url, redis_url)
    setup_log = work / f"{size.name}-setup.log"
    server_log = work / f"{size.name}-server.log"
    wrk_log = work / f"{size.name}-wrk.log"

    recreate_database(args, database)
    flush_redis(redis_url)
    timings = {
        "migrate": run_logged([PYTHON, "manage.py", "migrate", "--no-input"], env, setup_log, "migrate"),
        "setup_network": run_logged([PYTHON, "manage.py", "setup_network"], env, setup_log, "setup_network"),
        "generate": run_logged(
            [PYTHON, "manage.py", "generate_benchmark_data", "--focus-city", FOCUS_CITY, *size.generate],
            env,
            setup_log,
            "generate_benchmark_data",
        ),
    }
    generated = [line for line in tail(setup_log, 6).splitlines() if " in " in line and " s." in line]

    static_file = static_root / "bench" / f"cities-{size.name}.geojson"
    started = time.perf_counter()
    probe = subprocess.run(
        [PYTHON, "bench/probe.py", "--focus-city", FOCUS_CITY, "--static-file", str(static_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    with open(setup_log, "a") as output:
        output.write(f"\n$ bench/probe.py\n{probe.stdout}\n{probe.stderr}")
    if probe.returncode != 0:
        raise BenchError(f"bench/probe.py failed; see {setup_log}:\n{probe.stderr[-3000:]}")
    probed = json.loads(probe.stdout)
    log(f"  probe (SQL queries in-process): {time.perf_counter() - started:.1f} s")
    flush_redis(redis_url)  # the server starts with an empty cache; warm-up fills it

    pages = probed["pages"]
    baseline_path = f"/static/bench/{static_file.name}"
    targets = [("baseline", baseline_path, (), args.connections)]
    for name, page in pages.items():
        if page["staff"]:
            targets.append(
                (name, page["url"], (f"Cookie: {probed['session_cookie']}",), args.staff_connections)
            )
        else:
            targets.append((name, page["url"], (), args.connections))

    runs = {name: [] for name, *_rest in targets}
    with Server(env, server_log) as server:
        log(f"  gunicorn on port {server.port} with {args.workers} workers")
        for number in range(args.rounds):
            if args.rounds > 1:
                log(f"  round {number + 1} of {args.rounds}")
            for name, path, headers, connections in targets:
                runs[name].append(
                    measure(args, server, name, path, headers, connections, wrk_log, warm_up=number == 0)
                )
        # The baseline once more at the end: a drift of the machine shows as a spread of its figures.
        runs["baseline"].append(
            measure(args, server, "baseline", baseline_path, (), args.connections, wrk_log, warm_up=False)
        )
        load = None
        if args.load:
            paths = [pages[name]["url"] for name in PUBLIC_PAGES]
            log(f"  load: {args.load_connections} connections, {args.load_duration} s, {' '.join(paths)}")
            load = wrk(
                args,
                server.port,
                "/",
                duration=args.load_duration,
                connections=args.load_connections,
                paths=paths,
                log_file=wrk_log,
            )
            log(
                f"  load: {load['rps']:.1f} req/s, p50 {load['p50_ms']:.1f} ms, p95 {load['p95_ms']:.1f} ms, "
                f"socket errors {load['socket_errors']}, 4xx/5xx {load['status_errors']}"
            )
    baseline = combine(runs.pop("baseline"))
    results = {name: combine(measured) for name, measured in runs.items()}
    return {
        "size": size,
        "timings": timings,
        "generated": generated,
        "probe": probed,
        "baseline": baseline,
        "pages": results,
        "load": load,
        "server_errors": server_errors(server_log),
    }


def combine(runs):
    """One figure from several runs of the same URL: medians, summed errors, the range of req/s."""
    combined = dict(runs[0])
    for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "mb_per_s"):
        combined[key] = statistics.median(run[key] for run in runs)
    for key in ("requests", "socket_errors", "status_errors"):
        combined[key] = sum(run[key] for run in runs)
    combined["rps_runs"] = sorted(run["rps"] for run in runs)
    return combined


# --- Report --------------------------------------------------------------------------------------


def ms(value):
    if math.isinf(value):
        return "no answer"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def spread(result):
    """The lowest and highest req/s of the runs behind a median, when there were several runs."""
    runs = result["rps_runs"]
    return f" ({runs[0]:,.0f}–{runs[-1]:,.0f})" if len(runs) > 1 else ""


def size_table(outcome):
    probe = outcome["probe"]["pages"]
    baseline = outcome["baseline"]
    lines = [
        "| Page | Path | Bytes | Conns | Req/s | × static | p50 ms | p95 ms | Errors | 4xx/5xx "
        "| SQL warm / cold |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        f"| {PAGE_LABELS['baseline']} | `{baseline['path']}` | {baseline['bytes']:,} | "
        f"{baseline['connections']} | "
        f"{baseline['rps']:,.0f}{spread(baseline)} | 1.00 | "
        f"{ms(baseline['p50_ms'])} | {ms(baseline['p95_ms'])} | "
        f"{baseline['socket_errors']} | {baseline['status_errors']} | – |",
    ]
    for name, result in outcome["pages"].items():
        ratio = result["rps"] / baseline["rps"] if baseline["rps"] else 0
        queries = probe[name]
        lines.append(
            f"| {PAGE_LABELS[name]} | `{result['path']}` | {result['bytes']:,} | {result['connections']} | "
            f"{result['rps']:,.0f}{spread(result)} | "
            f"{ratio:.2f} | {ms(result['p50_ms'])} | {ms(result['p95_ms'])} | {result['socket_errors']} | "
            f"{result['status_errors']} | {queries['queries_warm']} / {queries['queries_cold']} |"
        )
    return lines


def targets(outcomes):
    """(description, met) pairs for every target."""
    checks = []
    for outcome in outcomes:
        size = outcome["size"].name
        baseline = outcome["baseline"]["rps"]
        for name, result in outcome["pages"].items():
            ratio = result["rps"] / baseline if baseline else 0
            if name == "geojson":
                checks.append(
                    (
                        f"{size}: warm GeoJSON ≥ {GEOJSON_TARGET}× static ({ratio:.2f}×)",
                        ratio >= GEOJSON_TARGET,
                    )
                )
            elif name in PUBLIC_PAGES:
                checks.append(
                    (
                        f"{size}: warm {PAGE_LABELS[name]} ≥ {PUBLIC_TARGET}× static ({ratio:.2f}×)",
                        ratio >= PUBLIC_TARGET,
                    )
                )
        slow = {name: result["p95_ms"] for name, result in outcome["pages"].items()}
        over = {name: value for name, value in slow.items() if value >= P95_TARGET_MS}
        detail = (
            ", ".join(
                f"{PAGE_LABELS[name]} {ms(value)}{'' if math.isinf(value) else ' ms'}"
                for name, value in over.items()
            )
            or "all pages"
        )
        checks.append((f"{size}: p95 < {P95_TARGET_MS} ms ({detail})", not over))
    if len(outcomes) > 1:
        counts = [
            {
                name: (page["queries_warm"], page["queries_cold"])
                for name, page in outcome["probe"]["pages"].items()
            }
            for outcome in outcomes
        ]
        differing = [
            name for name in counts[0] if any(other.get(name) != counts[0][name] for other in counts[1:])
        ]
        detail = ", ".join(PAGE_LABELS[name] for name in differing) or "every page"
        checks.append((f"SQL queries per request identical at every size ({detail})", not differing))
    return checks


def query_table(outcomes):
    header = "| Page |" + "".join(f" {o['size'].name}: warm / cold | in-process cold ms |" for o in outcomes)
    lines = [header, "|---|" + "--:|--:|" * len(outcomes)]
    for name in outcomes[0]["probe"]["pages"]:
        cells = []
        for outcome in outcomes:
            page = outcome["probe"]["pages"][name]
            cells.append(f" {page['queries_warm']} / {page['queries_cold']} | {page['ms_cold']:.0f} |")
        lines.append(f"| {PAGE_LABELS[name]} |" + "".join(cells))
    return lines


def machine_description(args, load_at_start):
    import django
    import gunicorn
    import psycopg
    import redis
    import wagtail

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    wrk_version = (
        subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0].split(" [")[0]
    )
    with psycopg.connect(f"{args.postgres}/postgres") as connection:
        postgres_version = connection.execute("SHOW server_version").fetchone()[0].split()[0]
    redis_version = redis.Redis.from_url(f"{args.redis}/0").info("server")["redis_version"]
    start, end = (", ".join(f"{value:.2f}" for value in load) for load in (load_at_start, os.getloadavg()))
    return [
        f"- Machine: {os.cpu_count()} CPU cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GB RAM, "
        f"{platform.system()} {platform.release()}; load average (1, 5, 15 min) at the start {start}, "
        f"at the end {end}",
        f"- Software: Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, gunicorn {gunicorn.__version__} (sync workers), "
        f"psycopg {psycopg.__version__}, PostgreSQL {postgres_version}, Redis {redis_version} "
        f"(redis-py {redis.__version__}), {wrk_version}",
        f"- Server: `network.settings.production`, {args.workers} gunicorn workers (WEB_CONCURRENCY), "
        "whitenoise, Redis cache, access log off; server, PostgreSQL, Redis and wrk share the machine",
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout {args.timeout}s` "
        f"per URL (staff pages: -c{args.staff_connections}) after a {args.warmup} s warm-up, "
        f"{args.rounds} round(s) over all URLs in turn; medians shown, with the range of req/s over the runs "
        "in brackets; the baseline is also measured once more at the end",
    ]


def report(args, outcomes, total_seconds, load_at_start):
    lines = ["## Setup", "", *machine_description(args, load_at_start), ""]
    for outcome in outcomes:
        size = outcome["size"]
        probe = outcome["probe"]
        timings = outcome["timings"]
        lines += [
            f"## Size {size.name}: {probe['cities']:,} cities, {probe['engagements']:,} engagements",
            "",
            f"{size.description[0].upper()}{size.description[1:]}. The city page and the timeline are "
            f"Medellín's ({probe['focus_city_engagements']:,} engagements); the GeoJSON has "
            f"{probe['pages']['geojson']['features']:,} features.",
            "",
            *size_table(outcome),
            "",
            f"- Data: migrate {timings['migrate']:.0f} s, setup_network {timings['setup_network']:.0f} s, "
            f"generate_benchmark_data {timings['generate']:.0f} s.",
        ]
        lines += [f"  - generate_benchmark_data: {line.strip()}" for line in outcome["generated"]]
        errors = outcome["server_errors"]
        lines.append(
            f"- Server log: {errors['internal_errors']} internal server errors, "
            f"{errors['tracebacks']} tracebacks, {errors['worker_timeouts']} worker timeouts."
        )
        load = outcome["load"]
        if load:
            lines += [
                f"- Load run ({size.name}): the four public pages in turn, {args.load_connections} "
                f"connections, {args.load_duration} s: {load['requests']:,} requests, "
                f"{load['rps']:,.0f} req/s, p50 {ms(load['p50_ms'])} ms, p95 {ms(load['p95_ms'])} ms, "
                f"p99 {ms(load['p99_ms'])} ms; socket errors and timeouts {load['socket_errors']}, "
                f"4xx/5xx responses {load['status_errors']}.",
            ]
        lines.append("")
    lines += ["## SQL queries per request", "", *query_table(outcomes), ""]
    lines += ["## Targets", ""]
    lines += [f"- {'met' if met else 'NOT MET'}: {description}" for description, met in targets(outcomes)]
    lines += ["", f"Total time of the run: {total_seconds / 60:.1f} min.", ""]
    return "\n".join(lines)


def failed_requests(outcomes):
    problems = []
    for outcome in outcomes:
        size = outcome["size"].name
        measured = {"baseline": outcome["baseline"], **outcome["pages"]}
        if outcome["load"]:
            measured["load run"] = outcome["load"]
        for name, result in measured.items():
            if result["socket_errors"] or result["status_errors"]:
                problems.append(
                    f"{size} {name}: {result['socket_errors']} socket errors/timeouts, "
                    f"{result['status_errors']} 4xx/5xx responses"
                )
        errors = outcome["server_errors"]
        if any(errors.values()):
            problems.append(f"{size}: server log has {errors}")
    return problems


def stop(signum, frame):
    raise SystemExit(128 + signum)  # so that gunicorn is stopped and the logs are kept on the way out


def main():
    signal.signal(signal.SIGTERM, stop)
    args = parse_args()
    started = time.perf_counter()
    load_at_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="lcn-bench-"))
    keep = args.keep
    try:
        check_prerequisites(args)
        log(f"Work directory (logs): {work}")
        secret_key = secrets.token_urlsafe(50)
        static_root = work / "static"
        first = f"{args.postgres}/learning_cities_bench_{args.sizes[0]}"
        env = base_env(args, secret_key, static_root, first, f"{args.redis}/{REDIS_DBS[0]}")
        run_logged(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            env,
            work / "collectstatic.log",
            "collectstatic",
        )
        outcomes = []
        for index, name in enumerate(args.sizes):
            redis_db = REDIS_DBS[index % 2]
            outcomes.append(run_size(args, SIZES[name], work, secret_key, static_root, redis_db))
        text = report(args, outcomes, time.perf_counter() - started, load_at_start)
        print()
        print(text)
        if args.markdown:
            args.markdown.write_text(text)
            log(f"Report written to {args.markdown}")
        problems = failed_requests(outcomes)
        if problems:
            keep = True
            print("Requests failed:\n" + "\n".join(f"- {problem}" for problem in problems), file=sys.stderr)
            print(f"Logs kept in {work}", file=sys.stderr)
            return 1
        return 0
    except BenchError as error:
        keep = True
        print(f"bench: {error}", file=sys.stderr)
        print(f"Logs kept in {work}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, SystemExit):
        keep = True
        print(f"bench: interrupted; logs kept in {work}", file=sys.stderr)
        raise
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
