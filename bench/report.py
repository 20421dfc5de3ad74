"""The benchmark's report (Markdown): the machine, a table per data size, SQL queries, the targets."""

import math
import os
import platform
import subprocess
from pathlib import Path

PUBLIC_PAGES = ("home", "directory", "city", "geojson")
PAGE_LABELS = {
    "baseline": "Static file (baseline)",
    "home": "Home page",
    "directory": "Directory",
    "city": "City page",
    "geojson": "GeoJSON",
    "sitemap": "Sitemap",
    "search": "Site search, uncached",
    "search_typo": "Site search, misspelt, uncached",
    "engagements": "Engagement listing (staff)",
    "engagement_search": "Engagement search, typed without accents (staff)",
    "timeline": "City timeline (staff)",
    "person": "Person page (staff)",
    "contact_chooser": "Contact chooser search (staff)",
    "city_chooser": "City chooser search (staff)",
    "segment": "Segment of every contact (staff)",
    "progress_review": "Progress report review (staff)",
    "progress_status": "Progress reports by city (staff)",
    "progress_answers": "Progress report answers, first page (staff)",
    "progress_measures": "Measures across the network (staff)",
    "progress_editor": "Progress report editor (focal point)",
}
GEOJSON_TARGET = 0.8
# Issue 17: the public pages keep the warm throughput they had (0.8× the static file at the small size).
PUBLIC_TARGET = 0.8
P95_TARGET_MS = 150
# Issue 17: a city page's cold render at the largest size within 20 % of its time at the smallest.
CITY_COLD_GROWTH = 1.2


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
        rush = outcome.get("rush")
        if rush:
            expected = min(rush["places"], rush["registrations"])
            checks.append(
                (
                    f"{size}: registration rush holds: {rush['confirmed']} confirmed of "
                    f"{rush['places']} places "
                    f"(expected {expected}), {rush['waiting']} waiting, {rush['addresses_twice']} twice, "
                    f"{rush['without_notice']} without their e-mail, of {rush['registrations']} registered "
                    f"({rush['requests']} answered within the run, "
                    f"up to {rush['connections']} more in flight)",
                    rush["confirmed"] == expected
                    and rush["confirmed"] + rush["waiting"] == rush["registrations"]
                    and rush["requests"] <= rush["registrations"] <= rush["requests"] + rush["connections"]
                    and not rush["addresses_twice"]
                    and not rush["without_notice"],
                )
            )
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
        smallest, largest = (
            outcome["probe"]["pages"]["city"]["ms_cold"] for outcome in (outcomes[0], outcomes[-1])
        )
        growth = largest / smallest
        checks.append(
            (
                f"City page's cold render at {outcomes[-1]['size'].name} ≤ {CITY_COLD_GROWTH}× its time at "
                f"{outcomes[0]['size'].name} ({largest:.0f} / {smallest:.0f} ms: {growth:.2f}×)",
                growth <= CITY_COLD_GROWTH,
            )
        )
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


def setup_timings(timings):
    if "migrate" not in timings:
        return "migrate and setup_network copied from an earlier run (--reuse-setup)"
    return f"migrate {timings['migrate']:.0f} s, setup_network {timings['setup_network']:.0f} s"


def report(args, outcomes, total_seconds, load_at_start):
    lines = ["## Setup", "", *machine_description(args, load_at_start), ""]
    for outcome in outcomes:
        size = outcome["size"]
        probe = outcome["probe"]
        progress = probe["progress"]
        timings = outcome["timings"]
        lines += [
            f"## Size {size.name}: {probe['cities']:,} cities, {probe['engagements']:,} engagements",
            "",
            f"{size.description[0].upper()}{size.description[1:]}. The city page and the timeline are "
            f"Medellín's ({probe['focus_city_engagements']:,} engagements); the GeoJSON has "
            f"{probe['pages']['geojson']['features']:,} features. The progress reports' pages are those of "
            f"the cycle {progress['cycle']} ({progress['reports']:,} reports, {progress['submissions']:,} "
            f"submissions, {progress['answers']:,} answers; every city accepted in the two cycles before).",
            "",
            *size_table(outcome),
            "",
            f"- Data: {setup_timings(timings)}, bench/generate_data.py {timings['generate']:.0f} s.",
        ]
        lines += [f"  - bench/generate_data.py: {line.strip()}" for line in outcome["generated"]]
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
        rush = outcome.get("rush")
        if rush:
            lines.append(
                f"- Registration rush: {rush['registrations']:,} registrations through the public form in "
                f"{args.rush_duration or args.duration} s at {rush['connections']} connections "
                f"({rush['rps']:,.1f}/s) for an "
                f"event of {rush['places']} places: POST p50 {ms(rush['p50_ms'])} ms, "
                f"p95 {ms(rush['p95_ms'])} "
                f"ms; stored {rush['confirmed']} confirmed and {rush['waiting']} waiting, "
                f"{rush['addresses_twice']} addresses twice, {rush['notices']} e-mails queued."
            )
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
        if outcome.get("rush"):
            measured["registration rush"] = outcome["rush"]
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
