"""`make bench`: measure the production setup (PostgreSQL, Redis, gunicorn, whitenoise) with wrk.

For each data size it recreates a PostgreSQL database and a Redis database of its own, migrates,
runs setup_network (the shipped list of cities), adds generated data (bench/generate_data.py),
counts each page's SQL queries in-process (bench/probe.py), starts gunicorn with the production
settings and measures with wrk: requests per second and p50/p95 latency of the public pages, the
GeoJSON, the site search, the staff pages (the engagement log's and the progress reports') and a focal
point's report editor, each compared with a static file of the GeoJSON's size served by the same server
(whitenoise), the baseline. It prints a Markdown table per size and checks the targets.
This module runs the sizes in turn; bench/servers.py starts the processes, bench/measure.py runs wrk
and bench/report.py writes the report.

    .venv/bin/python bench/run.py                       # both sizes, 10 s per URL
    .venv/bin/python bench/run.py --sizes small --duration 3
    .venv/bin/python bench/run.py --load                # plus 60 s at 64 connections on public pages

The exit status is non-zero when a request failed (socket error, timeout, 4xx/5xx, a server error
in the log) or the benchmark could not run; missed performance targets are reported, not fatal.
Environment overrides: BENCH_SIZES, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_STAFF_CONNECTIONS, BENCH_ROUNDS,
BENCH_WORKERS, BENCH_LOAD.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import combine, measure, wrk  # noqa: E402
from bench.report import PUBLIC_PAGES, failed_requests, report  # noqa: E402
from bench.servers import (  # noqa: E402
    PYTHON,
    ROOT,
    BenchError,
    Server,
    base_env,
    check_prerequisites,
    flush_redis,
    log,
    run_logged,
    server_errors,
    set_up_database,
    tail,
)

FOCUS_CITY = "medellin"
REGISTER_LUA = ROOT / "bench" / "register.lua"
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
        "the shipped list (65 cities) with 200 practices, 50 library items, a small engagement log (5,000 "
        "engagements, 300 contacts, 500 of the engagements for Medellín) and three cycles of progress "
        "reports",
        [
            "--practices",
            "200",
            "--resources",
            "50",
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
        "the shipped list plus 5,000 generated cities (5,065), 10,000 practices, 2,000 library items, "
        "1,000,000 engagements, 3,000 contacts, 10,000 of the engagements for Medellín, and three cycles of "
        "progress reports",
        [
            "--cities",
            "5000",
            "--practices",
            "10000",
            "--resources",
            "2000",
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
        "--rush-connections",
        type=int,
        default=int(env_default("BENCH_RUSH_CONNECTIONS", "8")),
        help="connections of the registration rush",
    )
    parser.add_argument(
        "--rush-duration",
        type=int,
        default=int(env_default("BENCH_RUSH_DURATION", "0")),
        help="seconds of the registration rush (default: --duration)",
    )
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
    parser.add_argument(
        "--reuse-setup",
        action="store_true",
        default=env_default("BENCH_REUSE_SETUP", "").lower() in {"1", "true", "yes"},
        help="start each size from a copy of a database migrated and set up before (kept as a template per "
        "fingerprint of the code that shapes it) instead of migrating and running setup_network again",
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


def run_size(args, size, work, secret_key, static_root, redis_db):
    log(f"Size {size.name}: {size.description}")
    database = f"learning_cities_bench_{size.name}"
    database_url = f"{args.postgres}/{database}"
    redis_url = f"{args.redis}/{redis_db}"
    env = base_env(args, secret_key, static_root, database_url, redis_url)
    setup_log = work / f"{size.name}-setup.log"
    server_log = work / f"{size.name}-server.log"
    wrk_log = work / f"{size.name}-wrk.log"

    flush_redis(redis_url)
    timings = set_up_database(args, database, env, setup_log)
    timings["generate"] = run_logged(
        [PYTHON, "bench/generate_data.py", "--focus-city", FOCUS_CITY, *size.generate],
        env,
        setup_log,
        "bench/generate_data.py",
    )
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
        if page["cookie"]:
            # Signed-in pages (staff, the focal point) and searches made afresh, with the visitor's cookie:
            # as few at once as staff members at work, each request taking the server's time.
            targets.append((name, page["url"], (f"Cookie: {page['cookie']}",), args.staff_connections))
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
        rush = registration_rush(args, env, server, wrk_log)
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
        "rush": rush,
        "server_errors": server_errors(server_log),
    }


def registration_rush(args, env, server, wrk_log):
    """As many registrations as the server takes in `--rush-duration` seconds at `--rush-connections`, for
    an event of BENCH_RUSH_PLACES places (bench/rush.py, bench/register.lua), then what the database
    holds."""

    def rush_command(*command):
        done = subprocess.run(
            [PYTHON, "bench/rush.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"bench/rush.py {command[0]} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout)

    event = rush_command("prepare")
    result = wrk(
        args,
        server.port,
        event["url"],
        duration=args.rush_duration or args.duration,
        connections=args.rush_connections,
        paths=(event["token"], secrets.token_hex(4)),
        log_file=wrk_log,
        script=REGISTER_LUA,
    )
    result.update(rush_command("check", str(event["event_id"])))
    result["connections"] = args.rush_connections
    log(
        f"  rush         {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p95 {result['p95_ms']:7.1f} ms  {result['registrations']} registered, "
        f"{result['confirmed']} confirmed"
    )
    return result


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
