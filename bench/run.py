"""Benchmark the dashboard against a bare-Streamlit floor; write BENCHMARKS.md.

    python bench/run.py            # full run (a few minutes)
    python bench/run.py --quick    # fewer repetitions, small scales only (used by the smoke test)

Measures, on this machine and in one run: each page's warm rerun with AppTest next to the floor
app (bench/floor_app.py); the time of a filter change and the peak memory at 1x, 10x and 100x a
synthetic package (pact.synthetic), each scale in its own process; and, in real Chromium, the time
from navigation to the first visible chart on the Overview page next to the floor app.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
FLOOR = "bench/floor_app.py"
# Pages whose content follows the sidebar filters (the upload and cross-package pages do not).
FILTERED_PAGES = PAGES[:5]


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def _app(page: str):
    """A page under AppTest. Caches are shared between pages, as they are in one server process."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / page), default_timeout=300)


def warm_reruns(page: str, repeats: int) -> float:
    app = _app(page)
    app.run()
    app.run()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        app.run()
        samples.append(time.perf_counter() - start)
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].value}")
    return _median_ms(samples)


def interleaved_reruns(pages: list[str], repeats: int) -> dict[str, float]:
    """Warm reruns of several apps, taken round-robin so that any slow spell on the machine
    falls on all of them alike instead of skewing one page's ratio to the floor."""
    apps = {page: _app(page) for page in pages}
    for app in apps.values():
        app.run()
        app.run()
    samples: dict[str, list[float]] = {page: [] for page in pages}
    for _ in range(repeats):
        for page, app in apps.items():
            start = time.perf_counter()
            app.run()
            samples[page].append(time.perf_counter() - start)
    for page, app in apps.items():
        if app.exception:
            raise RuntimeError(f"{page}: {app.exception[0].value}")
    return {page: _median_ms(times) for page, times in samples.items()}


def filter_changes(page: str, actors: list[str], repeats: int) -> float:
    app = _app(page)
    app.run()
    for actor in actors[:2]:  # warm both filter states once
        app.multiselect(key="actors").set_value([actor]).run()
    samples = []
    for i in range(repeats):
        start = time.perf_counter()
        app.multiselect(key="actors").set_value([actors[i % 2]]).run()
        samples.append(time.perf_counter() - start)
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].value}")
    return _median_ms(samples)


def worker(path: Path, scale: float, repeats: int) -> dict:
    """One scale, in a fresh process that does what the server does, so its peak memory is the app's."""
    import pandas as pd

    os.environ["DASHBOARD_DATA"] = str(path)
    read = lambda name: pd.read_csv(path.parent / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    positions = read("positions")
    actors = read("actors")["name"].tolist()[:2]
    start = time.perf_counter()
    _app("dashboard.py").run()  # cold: the app loads and validates the package once
    result = {
        "scale": scale,
        "elements": positions["element_id"].nunique(),
        "view_rows": len(read("element_actors")) + int((positions["status"] != "present").sum()),
        "load_validate_s": round(time.perf_counter() - start, 2),
        "filter_change_ms": {page: filter_changes(page, actors, repeats) for page in FILTERED_PAGES},
    }
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["floor_rerun_ms"] = warm_reruns(FLOOR, repeats)
    return result


def run_worker(scale: float, repeats: int) -> dict:
    from pact.synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp) / "pkg", scale)
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(path), "--scale", str(scale), "--repeats", str(repeats)],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def first_chart(repeats: int) -> dict:
    """Navigation to first visible chart, real app vs floor, in the same run."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, chromium_path, start_server, stop_server

    results = {}
    env = {"DASHBOARD_DATA": str(ROOT / "data" / "datapackage.json")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for label, script, selector in (
            ("dashboard (Overview)", "dashboard.py", ".js-plotly-plot"),
            ("floor", FLOOR, ".js-plotly-plot"),
        ):
            server = start_server(Path(tempfile.mkdtemp()), env, script=script)
            try:
                samples = []
                for i in range(repeats + 1):
                    context = browser.new_context()
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(server.url)
                    page.locator(selector).first.wait_for(state="visible", timeout=60_000)
                    if i:  # the first load warms the server's caches
                        samples.append(time.perf_counter() - start)
                    context.close()
                results[label] = _median_ms(samples)
            finally:
                stop_server(server)
        browser.close()
    return results


def machine() -> str:
    import streamlit

    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Streamlit {streamlit.__version__}"
    )


def report(bundled: dict, floor: float, scales: list[dict], browser: dict | None, repeats: int) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `python bench/run.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {machine()}. Medians of {repeats} runs after warm-up; page and floor reruns are taken "
        "in turn, so a slow spell on the machine falls on all of them.",
        "",
        "## Warm rerun per page, bundled data (AppTest)",
        "",
        f"Floor (`bench/floor_app.py`): **{floor} ms**. Budget: each page ≤ 1.5× the floor.",
        "",
        "| page | warm rerun (ms) | ratio to floor | within budget |",
        "| --- | ---: | ---: | --- |",
    ]
    for page, ms in bundled.items():
        ratio = ms / floor
        lines.append(f"| `{page}` | {ms} | {ratio:.2f} | {'yes' if ratio <= 1.5 else 'NO'} |")
    lines += [
        "",
        "## Filter change at larger scales (AppTest, synthetic package)",
        "",
        "Each scale runs in its own process, which loads and validates the package and runs every page "
        "through filter changes as the server would; peak RSS is that process's maximum before the floor "
        "app runs. Budgets at 100×: a filter "
        "change ≤ 2 s on every page, peak RSS ≤ 500 MB, growth from 10× to 100× at most linear.",
        "",
        "| scale | elements | view rows | cold start: load + validate + first run (s) | floor rerun (ms) | "
        + " | ".join(f"`{Path(p).stem}` (ms)" for p in FILTERED_PAGES)
        + " | peak RSS (MB) |",
        "| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in FILTERED_PAGES) + " | ---: |",
    ]
    for s in scales:
        lines.append(
            f"| {s['scale']:g}× | {s['elements']} | {s['view_rows']} | {s['load_validate_s']} | {s['floor_rerun_ms']} | "
            + " | ".join(str(s["filter_change_ms"][p]) for p in FILTERED_PAGES)
            + f" | {s['peak_rss_mb']} |"
        )
    if len(scales) >= 3:
        ten, hundred = scales[-2], scales[-1]
        lines += ["", "Growth of the filter-change time from 10× to 100× data (10× more rows; ≤ 10 is at most linear):", ""]
        for page in FILTERED_PAGES:
            growth = hundred["filter_change_ms"][page] / max(ten["filter_change_ms"][page], 0.1)
            lines.append(f"- `{page}`: ×{growth:.1f} ({'at most linear' if growth <= 10 else 'WORSE than linear'})")
        worst = max(hundred["filter_change_ms"].values())
        lines += [
            "",
            f"At 100×: slowest filter change {worst / 1000:.2f} s ({'within' if worst <= 2000 else 'OVER'} the 2 s budget); "
            f"peak RSS {hundred['peak_rss_mb']} MB ({'within' if hundred['peak_rss_mb'] <= 500 else 'OVER'} the 500 MB budget).",
        ]
    if browser:
        ratio = browser["dashboard (Overview)"] / browser["floor"]
        lines += [
            "",
            "## First chart visible in Chromium (Playwright, warm server)",
            "",
            "| app | navigation → first chart (ms) |",
            "| --- | ---: |",
            *[f"| {k} | {v} |" for k, v in browser.items()],
            "",
            f"Ratio {ratio:.2f} (budget ≤ 1.2: {'met' if ratio <= 1.2 else 'NOT met'}).",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few repetitions, scales 0.1 and 1, no browser")
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.scale, args.repeats)))
        return
    repeats = 2 if args.quick else args.repeats
    os.environ.pop("DASHBOARD_DATA", None)
    reruns = interleaved_reruns([FLOOR, *PAGES], repeats)
    floor = reruns.pop(FLOOR)
    bundled = reruns
    scales = [run_worker(s, repeats) for s in ((0.1, 1) if args.quick else (1, 10, 100))]
    browser = None if args.quick else first_chart(max(repeats, 9))
    text = report(bundled, floor, scales, browser, repeats)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
