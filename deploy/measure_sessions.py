"""Memory per Streamlit session: open N browser sessions through the cluster and weigh the replicas.

    python deploy/measure_sessions.py --sessions 50 --replicas 2 [--out BENCHMARKS.md]

Starts deploy/cluster.py on a free loopback port, opens one warm-up session on each replica (so the
package, its validation and the cached figures are loaded before the baseline), closes them, reads
each replica's resident set size (VmRSS), then opens --sessions headless-Chromium sessions through
HAProxy, each with different filters in the URL, waits until every one has finished its script run,
and reads the RSS again. Memory per session is the growth of the replicas' total RSS divided by the
number of sessions. Needs Playwright (requirements-dev.txt) and Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM_ARGS, chromium_path, free_port, varied_filters, wait_for_app  # noqa: E402
from pact import load_package  # noqa: E402
from pact.filters import analysis_view  # noqa: E402

HEADING = "## Memory per session at 50 sessions"
BATCH = 10


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def filter_queries(count: int) -> list[dict[str, list[str]]]:
    """`count` different, non-empty filters on the bundled data: actors, actor and domain, actor pairs."""
    view = analysis_view(load_package(ROOT / "data" / "datapackage.json"), "draft", "final")
    queries = [query for query, _ in varied_filters(view)]
    if len(queries) < count:
        raise SystemExit(f"the bundled data gives only {len(queries)} different filters")
    return queries[:count]


def start_cluster(replicas: int, run_dir: Path) -> tuple[subprocess.Popen, dict]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "cluster.py"), "--replicas", str(replicas), "--port", str(port),
         "--run-dir", str(run_dir), "--restart-delay", "3600"],
        cwd=ROOT, stdout=(run_dir / "cluster.out").open("w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while not (run_dir / "cluster.json").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.terminate()
            raise SystemExit(f"the cluster did not start:\n{(run_dir / 'cluster.out').read_text()}")
        time.sleep(0.3)
    return process, json.loads((run_dir / "cluster.json").read_text())


def measure(sessions: int, replicas: int, page: str, settle: float) -> dict:
    from playwright.sync_api import sync_playwright

    run_dir = Path(tempfile.mkdtemp(prefix="measure-sessions-"))
    process, state = start_cluster(replicas, run_dir)
    pids = {r["name"]: r["pid"] for r in state["replicas"]}
    cookie, url = state["cookie"], state["url"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            at_start = {name: rss_mb(pid) for name, pid in pids.items()}
            for name in pids:
                warm = browser.new_context()
                warm.add_cookies([{"name": cookie, "value": name, "url": url}])
                tab = warm.new_page()
                tab.goto(f"{url}/{page}")
                wait_for_app(tab, timeout=120_000)
                warm.close()
            time.sleep(settle)
            before = {name: rss_mb(pid) for name, pid in pids.items()}

            contexts, placed = [], []
            queries = filter_queries(sessions)
            started = time.monotonic()
            for first in range(0, sessions, BATCH):
                batch = []
                for query in queries[first:first + BATCH]:
                    context = browser.new_context()
                    tab = context.new_page()
                    tab.goto(f"{url}/{page}?{urlencode(query, doseq=True)}", wait_until="commit")
                    contexts.append(context)
                    batch.append((context, tab))
                for context, tab in batch:
                    wait_for_app(tab, timeout=180_000)
                    placed += [c["value"] for c in context.cookies() if c["name"] == cookie]
            opened_in = time.monotonic() - started
            load = os.getloadavg()[1]
            time.sleep(settle)
            after = {name: rss_mb(pid) for name, pid in pids.items()}
            for context in contexts:
                context.close()
            browser.close()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return {
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "sessions": sessions, "replicas": replicas, "page": page or "Overview", "opened_in_s": opened_in,
        "load_average_5min": load,
        "at_start": at_start, "before": before, "after": after,
        "per_replica": {name: placed.count(name) for name in pids},
    }


def report(result: dict) -> str:
    growth = sum(result["after"].values()) - sum(result["before"].values())
    per_session = growth / result["sessions"]
    rows = "\n".join(
        f"| {name} | {result['per_replica'][name]} | {result['at_start'][name]:.1f} | {result['before'][name]:.1f} "
        f"| {result['after'][name]:.1f} | {result['after'][name] - result['before'][name]:.1f} |"
        for name in result["before"]
    )
    return f"""{HEADING}

Produced by `python deploy/measure_sessions.py --sessions {result['sessions']} --replicas {result['replicas']}` on \
{result['measured_at']} ({platform.system()} {platform.machine()}, Python \
{platform.python_version()}). Method: `deploy/cluster.py` runs {result['replicas']} replicas behind HAProxy on \
loopback; one warm-up session per replica loads the package and its caches, then is closed; the replicas' resident \
set size (VmRSS) is read; {result['sessions']} headless-Chromium sessions are opened through the balancer on the \
{result['page']} page, each with different filters in the URL (an actor, an actor and a domain, or two actors), \
and once every session has finished its script run the RSS is read again. Opening the sessions took \
{result['opened_in_s']:.0f} s (5-minute load average {result['load_average_5min']:.1f} on {os.cpu_count()} cores).

| replica | sessions | RSS at start (MB) | after warm-up (MB) | with sessions open (MB) | growth (MB) |
| --- | ---: | ---: | ---: | ---: | ---: |
{rows}

**Memory per session: {per_session * 1024:.0f} kB** ({growth:.1f} MB over {result['sessions']} sessions). A replica \
costs {min(result['before'].values()):.0f}–{max(result['before'].values()):.0f} MB once warm (the package, its \
validation and the cached figures); each further session adds little. The growth includes what different filters \
add to the shared caches (figures and filtered views are cached per filter state). RSS counts memory the allocator \
already holds, so what the warm-up session freed is reused: this is the marginal cost of a session on a warm \
replica, not of the first one.
"""


def write_section(path: Path, section: str) -> None:
    """Replace this section in the file (or append it), leaving the other sections as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(HEADING)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(HEADING))
        rest = text[following:] if following != -1 else ""
        text = text[:start] + section.rstrip("\n") + "\n" + rest
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--page", default="", help="page path, e.g. Data_and_Sources (default: Overview)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to wait before reading RSS (default 5)")
    parser.add_argument("--out", type=Path, help="write the section into this Markdown file (e.g. BENCHMARKS.md)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 1 <= args.replicas <= 8:
        parser.error("--sessions must be 1–200 and --replicas 1–8")
    result = measure(args.sessions, args.replicas, args.page, args.settle)
    section = report(result)
    print(section)
    print(json.dumps(result, indent=2), file=sys.stderr)
    if args.out:
        write_section(args.out, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
