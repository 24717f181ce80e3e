"""Benchmark the dashboard against a bare-Streamlit floor; write BENCHMARKS.md.

    python bench/run.py            # full run (a few minutes)
    python bench/run.py --quick    # fewer repetitions, small scales only (used by the smoke test)

Measures, on this machine and in one run, always next to the floor app (bench/floor_app.py):
each page's warm rerun with AppTest, entered as a user enters it (through dashboard.py, then
switch_page); the time of a filter change and the peak memory at 1x, 10x and 100x a synthetic
package (pact.synthetic), each scale in its own process; the cold start (load, validate, first
page) at 100x, first ever and with the package unchanged since; every page for every bundled
partnership, a dataset switch, and the cold start and peak memory with all of them (the atlas
drawn); and, in real Chromium, the time
from navigation to the first visible chart and from an actor-filter change to every chart redrawn.
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


def _app(page: str, entry: bool = True, partnership: str | None = None):
    """A page under AppTest, entered as a user enters it: the app's entry script runs first, then
    ``switch_page`` (the floor app is its own entry). ``entry=False`` runs the page as its own entry
    point, as earlier versions of this script did. ``partnership`` opens a bundled package as a
    link does (``?partnership=``). Caches are shared, as in one server process.
    """
    from streamlit.testing.v1 import AppTest

    if page == FLOOR or not entry:
        return AppTest.from_file(str(ROOT / page), default_timeout=300)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    if partnership:
        app.query_params["partnership"] = partnership
    if page != "dashboard.py":
        app.run()
        app.switch_page(page)
    return app


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


def interleaved_reruns(pages: list[str], repeats: int, entry: bool = True,
                       partnership: str | None = None) -> dict[str, float]:
    """Warm reruns of several apps, taken round-robin so that any slow spell on the machine
    falls on all of them alike instead of skewing one page's ratio to the floor."""
    apps = {page: _app(page, entry, partnership) for page in pages}
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


def every_package(repeats: int, limit: int | None = None) -> dict[str, dict[str, float]]:
    """Each page's warm rerun for every bundled partnership (the first ``limit`` in a quick run), next to
    the floor taken in the same rounds."""
    from pact.catalogue import catalogue

    return {entry.label: interleaved_reruns([FLOOR, *PAGES], repeats, partnership=entry.name)
            for entry in catalogue()[:limit]}


def dataset_switch(repeats: int) -> dict[str, float]:
    """Switching the Dataset selector between the flagship and each other partnership, warm, next to the floor."""
    from pact.catalogue import catalogue

    entries = catalogue()
    app = _app("dashboard.py")
    app.run()
    for entry in entries:  # each package loads and validates once, as on a server that has served it
        app.selectbox(key="dataset").set_value(entry.dataset_label).run()
    samples = []
    for i in range(max(repeats, len(entries) - 1)):
        other = entries[1 + i % (len(entries) - 1)] if len(entries) > 1 else entries[0]
        for entry in (other, entries[0]):
            start = time.perf_counter()
            app.selectbox(key="dataset").set_value(entry.dataset_label).run()
            samples.append(time.perf_counter() - start)
    if app.exception:
        raise RuntimeError(f"dataset switch: {app.exception[0].value}")
    return {"switch_ms": _median_ms(samples), "floor_ms": warm_reruns(FLOOR, repeats), "packages": len(entries)}


def cold_start_all() -> dict:
    """In a fresh process: imports, every bundled package loaded and validated, the atlas drawn; peak memory."""
    os.environ.pop("DASHBOARD_DATA", None)
    start = time.perf_counter()
    app = _app("pages/5_Partnerships_compared.py")
    app.run()
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    return {"cold_start_s": round(time.perf_counter() - start, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_cold_start_all() -> dict:
    """The first start ever with all packages (every one validated) and a restart with them unchanged."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PACT_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("DASHBOARD_DATA", None)
        runs = []
        for _ in range(2):
            out = subprocess.run([sys.executable, __file__, "--cold-all"], capture_output=True, text=True, cwd=ROOT,
                                 check=False, env=env)
            if out.returncode:
                raise RuntimeError(out.stderr[-3000:])
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"first_start_s": runs[0]["cold_start_s"], "restart_s": runs[1]["cold_start_s"],
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}


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


def cold_start(path: Path) -> dict:
    """In a fresh process, as a server starting: import, load and validate the package, draw the Overview."""
    os.environ["DASHBOARD_DATA"] = str(path)
    start = time.perf_counter()
    app = _app("dashboard.py")
    app.run()
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    return {"cold_start_s": round(time.perf_counter() - start, 2)}


def run_cold_starts(scale: float) -> dict:
    """The first start ever (validation runs) and a restart with the package unchanged (it does not)."""
    from pact.synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp) / "pkg", scale)
        env = {**os.environ, "PACT_CACHE_DIR": str(Path(tmp) / "cache")}
        times = []
        for _ in range(2):
            out = subprocess.run(
                [sys.executable, __file__, "--cold", str(path)],
                capture_output=True, text=True, cwd=ROOT, check=False, env=env,
            )
            if out.returncode:
                raise RuntimeError(out.stderr[-3000:])
            times.append(json.loads(out.stdout.strip().splitlines()[-1])["cold_start_s"])
    return {"scale": scale, "first_start_s": times[0], "restart_s": times[1]}


def run_worker(scale: float, repeats: int) -> dict:
    from pact.synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp) / "pkg", scale)
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(path), "--scale", str(scale), "--repeats", str(repeats)],
            capture_output=True, text=True, cwd=ROOT, check=False,
            env={**os.environ, "PACT_CACHE_DIR": str(Path(tmp) / "cache")},  # every scale validates once
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


FILTER_PAGE = "Draft_vs_Final"  # the page with the most charts that follow the actor filter
CHART = '[data-testid="stVegaLiteChart"], .js-plotly-plot'


def _change_actor(page, name: str) -> float:
    """Pick an actor in the sidebar filter; seconds from the pick until the run ends with every chart drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from browser_support import APP_IDLE

    page.locator(".st-key-actors input").click()
    page.keyboard.type(name)
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for(state="visible")
    start = time.perf_counter()
    option.click()
    try:  # a fast run can finish before the running state is seen
        page.wait_for_selector('[data-test-script-state="running"]', timeout=3_000)
    except PlaywrightTimeout:
        pass
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    charts = page.locator(CHART)
    for i in range(charts.count()):
        charts.nth(i).wait_for(state="visible", timeout=60_000)
    elapsed = time.perf_counter() - start
    page.keyboard.press("Escape")
    page.locator(".st-key-actors").get_by_role("button", name="Clear all").click()
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    return elapsed


def filter_redraw(repeats: int) -> dict:
    """Actor-filter change to every chart redrawn, dashboard page vs floor, in the same run."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, chromium_path, start_server, stop_server, wait_for_app
    from pact import load_package

    actors = load_package().actors.sort_values("name")["name"].tolist()
    picks = ["China", "Japan Self-Defense Forces"] if "China" in actors else actors[:2]
    results = {}
    env = {"DASHBOARD_DATA": str(ROOT / "data" / "datapackage.json")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for label, script, path in (
            (f"dashboard ({FILTER_PAGE.replace('_', ' ')})", "dashboard.py", FILTER_PAGE),
            ("floor", FLOOR, ""),
        ):
            server = start_server(Path(tempfile.mkdtemp()), env, script=script)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.goto(f"{server.url}/{path}")
                wait_for_app(page)
                _change_actor(page, picks[0])  # warms the server's caches for both filter states
                _change_actor(page, picks[1])
                samples = [_change_actor(page, picks[i % 2]) for i in range(repeats)]
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


def family_report(per_package: dict[str, dict[str, float]], switch: dict, cold_all: dict) -> list[str]:
    lines = [
        "",
        "## Every bundled partnership (AppTest, warm rerun per page)",
        "",
        "Each partnership is opened as its link opens it (`?partnership=`), then each page is entered through "
        "`dashboard.py` and `switch_page`; the floor is rerun in the same rounds. The cell is the page's "
        "rerun divided by that round's floor. Budget: every page ≤ 1.5× the floor.",
        "",
        "| partnership | floor (ms) | " + " | ".join(f"`{Path(p).stem}`" for p in PAGES) + " | slowest | within budget |",
        "| --- | ---: | " + " | ".join("---:" for _ in PAGES) + " | ---: | --- |",
    ]
    worst_all = 0.0
    for label, times in per_package.items():
        floor = times[FLOOR]
        ratios = [times[p] / floor for p in PAGES]
        worst_all = max(worst_all, *ratios)
        lines.append(f"| {label} | {floor} | " + " | ".join(f"{r:.2f}" for r in ratios)
                     + f" | {max(ratios):.2f} | {'yes' if max(ratios) <= 1.5 else 'NO'} |")
    ratio = switch["switch_ms"] / switch["floor_ms"]
    lines += [
        "",
        f"Slowest page of any partnership: {worst_all:.2f}× the floor ({'within' if worst_all <= 1.5 else 'OVER'} "
        "the 1.5× budget).",
        "",
        "## Dataset switch (AppTest, warm)",
        "",
        f"Switching the Dataset selector between Japan–EU and each of the other {switch['packages'] - 1} "
        f"partnerships, every package already loaded once: **{switch['switch_ms']} ms** median, floor "
        f"{switch['floor_ms']} ms ({ratio:.2f}×).",
        "",
        f"## Cold start with all {len(per_package)} packages (fresh process: imports, every package loaded and "
        "validated, the atlas drawn)",
        "",
        "| start | seconds |",
        "| --- | ---: |",
        f"| first start ever (every package validated) | {cold_all['first_start_s']} |",
        f"| restart, packages unchanged (validation passes remembered) | {cold_all['restart_s']} |",
        "",
        f"Peak memory of that process with all packages loaded: **{cold_all['peak_rss_mb']} MB** RSS. A page other "
        "than the atlas loads only the partnership it shows.",
    ]
    return lines


def report(
    bundled: dict, floor: float, own_entry: dict, scales: list[dict], cold: dict | None,
    browser: dict | None, redraw: dict | None, repeats: int, family: list[str] | None = None,
) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `python bench/run.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {machine()}. Medians of {repeats} runs after warm-up; page and floor reruns are taken "
        "in turn, so a slow spell on the machine falls on all of them.",
        "",
        "## Warm rerun per page, bundled data (AppTest)",
        "",
        "Each page is entered as a user enters it: `dashboard.py` runs first, then `switch_page`. "
        f"Floor (`bench/floor_app.py`): **{floor} ms**. Budget: each page ≤ 1.5× the floor.",
        "",
        "| page | warm rerun (ms) | ratio to floor | within budget | run as its own entry point (ms) |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for page, ms in bundled.items():
        ratio = ms / floor
        lines.append(
            f"| `{page}` | {ms} | {ratio:.2f} | {'yes' if ratio <= 1.5 else 'NO'} | {own_entry.get(page, '')} |"
        )
    gaps = {page: own_entry[page] / ms - 1 for page, ms in bundled.items() if page in own_entry}
    widest = max(gaps, key=lambda page: abs(gaps[page])) if gaps else None
    if widest:
        lines += [
            "",
            "The last column runs each page as its own entry point, as this script did before. In this run the "
            f"two ways differ by at most {abs(gaps[widest]):.0%} (`{widest}`), so how a page is entered does not "
            "by itself explain a gap between benchmark runs; the figures above are what a user runs.",
        ]
    lines += family or []
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
    if cold:
        lines += [
            "",
            f"## Cold start at {cold['scale']:g}× (fresh process: imports, load, validate, Overview)",
            "",
            "| start | seconds |",
            "| --- | ---: |",
            f"| first start ever (Frictionless validation runs) | {cold['first_start_s']} |",
            f"| restart, package unchanged (validation pass remembered by content hash) | {cold['restart_s']} |",
            "",
            f"Budget for a restart ≤ 3 s: {'met' if cold['restart_s'] <= 3 else 'NOT met'}. An edited package "
            "(any byte of its tables, descriptor or source texts) is validated again in full.",
        ]
    if redraw:
        dashboard_ms = next(v for k, v in redraw.items() if k != "floor")
        ratio = dashboard_ms / redraw["floor"]
        lines += [
            "",
            "## Actor filter change to every chart redrawn, in Chromium (Playwright, warm server)",
            "",
            "| app | pick an actor → run finished and every chart visible (ms) |",
            "| --- | ---: |",
            *[f"| {k} | {v} |" for k, v in redraw.items()],
            "",
            f"Ratio {ratio:.2f} (budget ≤ 1.5: {'met' if ratio <= 1.5 else 'NOT met'}).",
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


# Sections other scripts write into BENCHMARKS.md (deploy/measure_sessions.py), kept across runs.
KEPT_SECTIONS = ("## Memory per session",)


def _kept_sections(path: Path) -> str:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = []
    for heading in KEPT_SECTIONS:
        start = text.find(heading)
        if start != -1:
            end = text.find("\n## ", start + len(heading))
            kept.append(text[start:end if end != -1 else len(text)].rstrip("\n") + "\n")
    return "\n".join(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few repetitions, scales 0.1 and 1, no browser")
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cold", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cold-all", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.scale, args.repeats)))
        return
    if args.cold is not None:
        print(json.dumps(cold_start(args.cold)))
        return
    if args.cold_all:
        print(json.dumps(cold_start_all()))
        return
    repeats = 2 if args.quick else args.repeats
    os.environ.pop("DASHBOARD_DATA", None)
    reruns = interleaved_reruns([FLOOR, *PAGES], repeats)
    floor = reruns.pop(FLOOR)
    bundled = reruns
    own_entry = interleaved_reruns(PAGES, repeats, entry=False)
    family = family_report(every_package(repeats, 2 if args.quick else None), dataset_switch(repeats),
                           run_cold_start_all())
    scales = [run_worker(s, repeats) for s in ((0.1, 1) if args.quick else (1, 10, 100))]
    cold = run_cold_starts(0.1 if args.quick else 100)
    browser = None if args.quick else first_chart(max(repeats, 9))
    redraw = None if args.quick else filter_redraw(max(repeats, 9))
    text = report(bundled, floor, own_entry, scales, cold, browser, redraw, repeats, family)
    kept = _kept_sections(args.out)
    args.out.write_text(text + ("\n" + kept if kept else ""), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
