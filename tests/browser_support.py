"""Helpers for the real-browser tests: a Streamlit server on a free loopback port, and Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
APP_IDLE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'


def chromium_path() -> str | None:
    """Debian's Chromium (or CHROMIUM_PATH); None lets Playwright use its own browser."""
    chosen = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return chosen if Path(chosen).exists() or shutil.which(chosen) else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(
    log_dir: Path, env: dict[str, str] | None = None, timeout: float = 60, script: str = "dashboard.py"
) -> Server:
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"streamlit-{port}.log"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / script),
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return Server(url, log, process)
        except OSError:
            time.sleep(0.3)
    stop_server(Server(url, log, process))
    raise RuntimeError(f"streamlit did not become healthy in {timeout}s:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the script run triggered by the last action has finished (as Streamlit's e2e suite does)."""
    page.wait_for_timeout(250)
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    page.wait_for_timeout(150)
    page.wait_for_selector(APP_IDLE, timeout=timeout)


async def async_wait_for_app(page, timeout: float = 60_000) -> None:
    await page.wait_for_timeout(250)
    await page.wait_for_selector(APP_IDLE, timeout=timeout)
    await page.wait_for_timeout(150)
    await page.wait_for_selector(APP_IDLE, timeout=timeout)


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of these impacts on the page as it is now."""
    if page.evaluate("typeof window.axe") == "undefined":
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']} {node.get('failureSummary', '')[:300]!r}")
    return "\n".join(lines)


def heading_levels(page) -> list[int]:
    """The levels of the page's visible headings (sidebar first, as in the DOM)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
        ".filter(h => h.offsetParent !== null && h.textContent.trim())"
        ".map(h => Number(h.tagName[1]))"
    )


def varied_filters(view):
    """Many different filters on an analysis view, each with its URL query: one actor, an actor and a
    domain, two actors, an actor and a change type (only those that select rows). For tests and
    measurements of many sessions."""
    from pact.filters import Filters, apply_filters

    actors = sorted(view["actor"].dropna().unique())
    domains = sorted(view["domain"].unique())
    candidates = [Filters(actors=(a,)) for a in actors]
    candidates += [Filters(actors=(a,), domains=(d,)) for a in actors for d in domains]
    candidates += [Filters(actors=(a, b)) for a in actors for b in actors if a < b]
    candidates += [Filters(actors=(a,), changes=(c,)) for a in actors for c in sorted(view["change"].unique())]
    for filters in candidates:
        rows = apply_filters(view, filters)
        if len(rows):
            query = {"actor": list(filters.actors)}
            for key, values in (("domain", filters.domains), ("change", filters.changes)):
                if values:
                    query[key] = list(values)
            yield query, rows
