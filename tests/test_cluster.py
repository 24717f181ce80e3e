"""Scale-out: Streamlit replicas behind HAProxy (deploy/cluster.py), driven through the balancer in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from browser_support import ARTIFACTS, ROOT, free_port, varied_filters, wait_for_app
from pact import load_package
from pact.export import to_csv_bytes
from pact.filters import analysis_view

pytestmark = pytest.mark.browser

CLUSTER = ROOT / "deploy" / "cluster.py"
REPLICAS = 3
SESSIONS = 40
BATCH = 10
# The killed replica must stay down until every session has been reloaded, however slow the machine:
# the test restarts it itself (SIGUSR1) rather than racing the supervisor's timer.
RESTART_DELAY = 3600
# The lightest page that has the shared sidebar (filters and the download button).
PAGE = "Your_data"


def require(available: bool, reason: str) -> None:
    """Skip without the tool, except in CI, where a missing tool is a failure."""
    if not available:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def haproxy() -> str:
    path = shutil.which("haproxy", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
    require(path is not None, "haproxy not installed (Debian package `haproxy`)")
    return path


class RunningCluster:
    """deploy/cluster.py started as an operator would, and what it reports in cluster.json."""

    def __init__(self, run_dir: Path, replicas: int, restart_delay: float):
        self.run_dir = run_dir
        shutil.rmtree(run_dir, ignore_errors=True)
        self.port = free_port()
        self.output = run_dir / "cluster.out"
        run_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, str(CLUSTER), "--replicas", str(replicas), "--port", str(self.port),
             "--run-dir", str(run_dir), "--restart-delay", str(restart_delay)],
            cwd=ROOT, stdout=self.output.open("w"), stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"cluster.py exited early:\n{self.log()}"
            if (self.run_dir / "cluster.json").exists():
                return self.state()
            time.sleep(0.3)
        raise AssertionError(f"cluster not ready in {timeout}s:\n{self.log()}")

    def state(self) -> dict:
        return json.loads((self.run_dir / "cluster.json").read_text(encoding="utf-8"))

    def log(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")[-4000:]

    def server_status(self) -> dict[str, str]:
        """Each replica's status as HAProxy sees it (`show stat` on the admin socket)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(self.state()["stats_socket"])
            sock.sendall(b"show stat\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        lines = b"".join(chunks).decode().lstrip("# ").splitlines()
        header = lines[0].split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return {row["svname"]: row["status"] for row in rows if row["svname"] not in ("FRONTEND", "BACKEND")}

    def wait_status(self, name: str, wanted: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server_status().get(name, "").startswith(wanted):
                return
            time.sleep(0.5)
        raise AssertionError(f"HAProxy did not mark {name} {wanted} in {timeout}s: {self.server_status()}\n{self.log()}")

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            raise AssertionError(f"cluster.py did not stop on {signal.Signals(signum).name}:\n{self.log()}") from None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def assert_all_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in pids if alive(pid)], "processes left running after the cluster stopped"


def cluster_pids(state: dict) -> list[int]:
    return [state["supervisor_pid"], state["haproxy_pid"], *(r["pid"] for r in state["replicas"])]


def rows_in_sidebar(page) -> int:
    text = page.locator('[data-testid="stSidebar"]').inner_text()
    return int(re.search(r"(\d+) of \d+ rows", text).group(1))


def download_csv(page) -> bytes:
    with page.expect_download() as download:
        page.locator(".st-key-download_csv").get_by_role("button", name="Download filtered CSV").click()
    return Path(download.value.path()).read_bytes()


def distinct_filters(count: int) -> list[tuple[dict[str, list[str]], bytes, int]]:
    """`count` filters (query, expected download, expected rows), no two with the same download."""
    view = analysis_view(load_package(ROOT / "data" / "datapackage.json"), "draft", "final")
    chosen, seen = [], set()
    for query, rows in varied_filters(view):
        expected = to_csv_bytes(rows)
        if expected not in seen:
            seen.add(expected)
            chosen.append((query, expected, len(rows)))
    assert len(chosen) >= count, f"the bundled data gives only {len(chosen)} distinct filters"
    return chosen[:count]


class Session:
    def __init__(self, browser, url: str, query: dict[str, list[str]], expected: bytes, rows: int):
        self.context = browser.new_context(accept_downloads=True)
        self.page = self.context.new_page()
        self.url = f"{url}/{PAGE}?{urlencode(query, doseq=True)}"
        self.query, self.expected, self.rows = query, expected, rows

    def replica(self, cookie: str) -> str:
        values = [c["value"] for c in self.context.cookies() if c["name"] == cookie]
        assert len(values) == 1, f"{self.query}: no sticky cookie {cookie}"
        return values[0]

    def check(self, what: str) -> None:
        """The page shows this session's filters and hands over exactly its own rows."""
        wait_for_app(self.page, timeout=120_000)
        shown = parse_qs(urlparse(self.page.url).query)
        assert {k: shown.get(k) for k in self.query} == self.query, f"{what}: the URL lost the filters"
        assert rows_in_sidebar(self.page) == self.rows, f"{what} {self.query}: wrong rows"
        assert download_csv(self.page) == self.expected, f"{what} {self.query}: wrong download"


def in_batches(sessions: list[Session], start, what: str) -> None:
    # A batch loads at once (the replicas run its scripts side by side); batches keep 2 cores usable.
    for first in range(0, len(sessions), BATCH):
        batch = sessions[first:first + BATCH]
        for session in batch:
            start(session)
        for session in batch:
            session.check(what)


def test_rendered_config_is_valid_haproxy_for_replicas_on_other_machines(haproxy, tmp_path):
    done = subprocess.run(
        [sys.executable, str(CLUSTER), "--print-config", "--port", "8080", "--bind", "0.0.0.0",
         "--server", "10.0.0.11:8501", "--server", "10.0.0.12:8501"],
        capture_output=True, text=True, timeout=30, check=True,
    )
    config = done.stdout
    assert "server r1 10.0.0.11:8501 cookie r1" in config and "server r2 10.0.0.12:8501 cookie r2" in config
    assert "bind 0.0.0.0:8080" in config
    assert re.search(r"cookie STREAMLIT_REPLICA insert indirect", config), "sessions stick by cookie"
    assert "timeout tunnel" in config, "WebSockets get a long-lived-connection timeout"
    assert "http-check send meth GET uri /_stcore/health" in config
    (tmp_path / "haproxy.cfg").write_text(config.replace("/run/haproxy/", f"{tmp_path}/"), encoding="utf-8")
    checked = subprocess.run([haproxy, "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_cluster_refuses_bad_arguments_with_a_message():
    done = subprocess.run([sys.executable, str(CLUSTER), "--replicas", "0"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "--replicas must be between 1 and 32" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_dead_replica_comes_back_and_ctrl_c_stops_everything(haproxy, tmp_path):
    # Longer than HAProxy takes to see it dead (three failed checks, 2 s apart).
    cluster = RunningCluster(tmp_path / "run", replicas=1, restart_delay=12)
    try:
        state = cluster.wait_ready()
        with urllib.request.urlopen(f"{cluster.url}/_stcore/health", timeout=5) as response:
            assert response.read() == b"ok", "the balancer answers for the replica"
        os.kill(state["replicas"][0]["pid"], signal.SIGKILL)
        cluster.wait_status("r1", "DOWN", timeout=30)
        cluster.wait_status("r1", "UP", timeout=90)
        restarted = cluster.state()
        assert restarted["replicas"][0]["restarts"] == 1
    finally:
        code = cluster.stop(signal.SIGINT)
    assert code == 0, cluster.log()
    assert_all_gone(cluster_pids(restarted))
    assert "replica r1 restarted" in cluster.log() and "stopped the replicas and HAProxy" in cluster.log()


def test_sessions_stick_to_replicas_and_survive_one_dying(haproxy, browser, tmp_path, tiny):
    cluster = RunningCluster(ARTIFACTS / "cluster" / tmp_path.name, REPLICAS, RESTART_DELAY)
    sessions: list[Session] = []
    contexts = []
    try:
        state = cluster.wait_ready()
        cookie = state["cookie"]
        assert all(status.startswith("UP") for status in cluster.server_status().values())

        sessions = [Session(browser, cluster.url, *spec) for spec in distinct_filters(SESSIONS)]
        in_batches(sessions, lambda s: s.page.goto(s.url, wait_until="commit"), "first load")
        placed = {id(s): s.replica(cookie) for s in sessions}
        counts = {r["name"]: list(placed.values()).count(r["name"]) for r in state["replicas"]}
        assert min(counts.values()) >= SESSIONS // REPLICAS // 2, f"sessions not spread over the replicas: {counts}"

        victim = max(counts, key=counts.get)
        dead = next(r for r in state["replicas"] if r["name"] == victim)
        os.kill(dead["pid"], signal.SIGKILL)
        cluster.wait_status(victim, "DOWN", timeout=20)

        in_batches(sessions, lambda s: s.page.reload(wait_until="commit"), "after reload")
        assert cluster.server_status()[victim].startswith("DOWN")
        moved = next(s for s in sessions if placed[id(s)] == victim)
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        moved.page.screenshot(path=str(ARTIFACTS / "screenshots" / "cluster-after-failover.png"), full_page=True)
        for session in sessions:
            now = session.replica(cookie)
            if placed[id(session)] == victim:
                assert now != victim, f"{session.query}: still routed to the dead replica"
            else:
                assert now == placed[id(session)], f"{session.query}: moved off a live replica"

        # The supervisor starts the dead replica again; HAProxy's health check puts it back.
        cluster.process.send_signal(signal.SIGUSR1)
        cluster.wait_status(victim, "UP", timeout=90)
        back = browser.new_context(accept_downloads=True)
        contexts.append(back)
        back.add_cookies([{"name": cookie, "value": victim, "url": cluster.url}])
        page = back.new_page()
        page.goto(f"{cluster.url}/Your_data")
        wait_for_app(page, timeout=120_000)
        # An upload is a PUT checked against the XSRF cookie that only the replica holding the session accepts.
        upload = tmp_path / "edited.csv"
        exported = to_csv_bytes(analysis_view(tiny, "draft", "final"))
        upload.write_bytes(exported)
        page.locator(".st-key-upload input[type=file]").set_input_files(str(upload))
        page.get_by_text("Loaded edited.csv").wait_for(timeout=60_000)
        wait_for_app(page)
        assert download_csv(page) == exported, "the restarted replica serves sessions and uploads"
        assert [c["value"] for c in back.cookies() if c["name"] == cookie] == [victim]

        final = cluster.state()
        logs = "".join(Path(r["log"]).read_text(errors="replace") for r in final["replicas"])
        assert "Traceback" not in logs, logs[-3000:]
    finally:
        for context in [s.context for s in sessions] + contexts:
            context.close()
        code = cluster.stop(signal.SIGTERM)
    assert code == 0, cluster.log()
    assert_all_gone(cluster_pids(final))
