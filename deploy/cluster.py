"""Run N Streamlit replicas of dashboard.py behind HAProxy, in the foreground.

    python deploy/cluster.py --replicas 3 --port 8080

Each replica listens on a free loopback port; HAProxy (Debian's `haproxy`) listens on --port with
cookie-sticky sessions, WebSocket pass-through and health checks on /_stcore/health, from
deploy/haproxy.cfg.template. A replica that exits is restarted on the same port after
--restart-delay seconds (HAProxy marks it DOWN meanwhile and UP once its health check passes);
SIGUSR1 starts any exited replica at once. SIGTERM or Ctrl-C stops the replicas and HAProxy. The run directory holds the rendered config,
the HAProxy admin socket, one log per replica and cluster.json (ports, process ids, restarts).

    python deploy/cluster.py --print-config --port 80 --server 10.0.0.11:8501 --server 10.0.0.12:8501

prints the same config for replicas on other machines.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "haproxy.cfg.template"
COOKIE_NAME = "STREAMLIT_REPLICA"
HEALTH = "/_stcore/health"


def haproxy_binary() -> str | None:
    """Debian installs HAProxy in /usr/sbin, which is not on every user's PATH."""
    return shutil.which("haproxy", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_config(
    port: int,
    servers: list[tuple[str, str]],
    stats_socket: str,
    bind_address: str = "127.0.0.1",
    check_interval: str = "2s",
) -> str:
    """The HAProxy config for the given (name, host:port) replicas."""
    lines = "\n".join(f"    server {name} {address} cookie {name}" for name, address in servers)
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        port=port,
        bind_address=bind_address,
        stats_socket=stats_socket,
        cookie_name=COOKIE_NAME,
        check_interval=check_interval,
        servers=lines,
    )


def _die_with_parent() -> None:
    # If the supervisor itself is killed (SIGKILL, no chance to clean up), the kernel stops its
    # children too, so no replica or HAProxy outlives it.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


@dataclass
class Replica:
    name: str
    port: int
    log_path: Path
    process: subprocess.Popen | None = None
    restarts: int = 0
    restart_at: float | None = None

    def start(self, env: dict[str, str]) -> None:
        command = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]
        # cwd is the repository, so .streamlit/config.toml (XSRF protection on) applies to every replica.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log_path.open("a"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent,
        )
        self.restart_at = None

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{HEALTH}"


@dataclass
class Cluster:
    port: int
    run_dir: Path
    restart_delay: float
    replicas: list[Replica] = field(default_factory=list)
    haproxy: subprocess.Popen | None = None
    stopping: bool = False
    restart_now: bool = False

    @property
    def stats_socket(self) -> Path:
        return self.run_dir / "haproxy.sock"

    def replica_env(self) -> dict[str, str]:
        env = dict(os.environ)
        # One cookie secret for all replicas, so anything Streamlit signs is valid on whichever
        # replica a session lands on after a failover.
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        return env

    def write_state(self) -> None:
        state = {
            "url": f"http://127.0.0.1:{self.port}",
            "port": self.port,
            "cookie": COOKIE_NAME,
            "stats_socket": str(self.stats_socket),
            "supervisor_pid": os.getpid(),
            "haproxy_pid": self.haproxy.pid if self.haproxy else None,
            "replicas": [
                {"name": r.name, "port": r.port, "pid": r.process.pid if r.process else None,
                 "restarts": r.restarts, "log": str(r.log_path)}
                for r in self.replicas
            ],
        }
        temporary = self.run_dir / "cluster.json.tmp"
        temporary.write_text(json.dumps(state, indent=2), encoding="utf-8")
        temporary.replace(self.run_dir / "cluster.json")

    def start(self, count: int, timeout: float) -> None:
        env = self.replica_env()
        self.replicas = [
            Replica(f"r{i}", free_port(), self.run_dir / f"replica-r{i}.log") for i in range(1, count + 1)
        ]
        self._env = env
        for replica in self.replicas:
            replica.start(env)
            log(f"replica {replica.name} starting on 127.0.0.1:{replica.port} (pid {replica.process.pid})")
        deadline = time.monotonic() + timeout
        for replica in self.replicas:
            while not healthy(replica.health_url):
                if replica.process.poll() is not None:
                    raise RuntimeError(f"replica {replica.name} exited; see {replica.log_path}")
                if self.stopping:
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"replica {replica.name} not healthy after {timeout:.0f}s")
                time.sleep(0.3)

        config = self.run_dir / "haproxy.cfg"
        config.write_text(
            render_config(self.port, [(r.name, f"127.0.0.1:{r.port}") for r in self.replicas],
                          str(self.stats_socket)),
            encoding="utf-8",
        )
        checked = subprocess.run([haproxy_binary(), "-c", "-q", "-f", str(config)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"HAProxy refused {config}:\n{checked.stdout}{checked.stderr}")
        # -db: stay in the foreground, so this process owns HAProxy and sees it exit.
        self.haproxy = subprocess.Popen(
            [haproxy_binary(), "-db", "-f", str(config)], stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_die_with_parent,
        )
        while not healthy(f"http://127.0.0.1:{self.port}{HEALTH}"):
            if self.haproxy.poll() is not None:
                raise RuntimeError(f"HAProxy exited with code {self.haproxy.returncode}")
            if self.stopping:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy not answering on port {self.port} after {timeout:.0f}s")
            time.sleep(0.3)
        self.write_state()
        log(f"dashboard at http://127.0.0.1:{self.port} ({count} replicas); "
            f"HAProxy admin socket {self.stats_socket}; Ctrl-C stops everything")

    def supervise(self) -> int:
        """Restart replicas that exit; return when asked to stop or HAProxy dies."""
        while not self.stopping:
            if self.haproxy.poll() is not None:
                log(f"HAProxy exited with code {self.haproxy.returncode}; stopping the replicas")
                return 1
            restart_now, self.restart_now = self.restart_now, False
            for replica in self.replicas:
                code = replica.process.poll()
                if code is None:
                    continue
                now = time.monotonic()
                if replica.restart_at is None:
                    replica.restart_at = now + self.restart_delay
                    log(f"replica {replica.name} (port {replica.port}) exited with code {code}; "
                        f"restarting in {self.restart_delay:g}s")
                if restart_now:
                    replica.restart_at = now
                if now >= replica.restart_at:
                    replica.restarts += 1
                    replica.start(self._env)
                    log(f"replica {replica.name} restarted on port {replica.port} (pid {replica.process.pid})")
                    self.write_state()
            time.sleep(0.2)
        return 0

    def stop(self) -> None:
        self.stopping = True
        processes = [r.process for r in self.replicas if r.process] + ([self.haproxy] if self.haproxy else [])
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        log("stopped the replicas and HAProxy")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes to run (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="port HAProxy listens on (default 8080)")
    parser.add_argument("--run-dir", type=Path, help="where config, socket, logs and cluster.json go "
                        "(default: a new temporary folder)")
    parser.add_argument("--restart-delay", type=float, default=5.0,
                        help="seconds before a replica that exited is started again (default 5)")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for start-up (default 90)")
    parser.add_argument("--print-config", action="store_true",
                        help="print the HAProxy config for the --server replicas and exit")
    parser.add_argument("--server", action="append", default=[], metavar="HOST:PORT",
                        help="with --print-config: a replica's address (repeat for each)")
    parser.add_argument("--bind", default="127.0.0.1", help="with --print-config: address HAProxy binds")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 32:
        parser.error("--replicas must be between 1 and 32")
    if not 1 <= args.port <= 65535:
        parser.error("--port must be between 1 and 65535")
    if args.restart_delay < 0:
        parser.error("--restart-delay must be 0 or more")
    if args.print_config and not args.server:
        parser.error("--print-config needs at least one --server HOST:PORT")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.print_config:
        servers = [(f"r{i}", address) for i, address in enumerate(args.server, start=1)]
        print(render_config(args.port, servers, "/run/haproxy/dashboard.sock", bind_address=args.bind), end="")
        return 0
    if haproxy_binary() is None:
        log("haproxy not found: install Debian's package (apt-get install haproxy)")
        return 2
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", args.port))
        except OSError as exc:
            log(f"port {args.port} is not free: {exc.strerror}")
            return 2

    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="dashboard-cluster-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    # cluster.json says "ready": one left by an earlier run must not.
    (run_dir / "cluster.json").unlink(missing_ok=True)
    cluster = Cluster(args.port, run_dir.resolve(), args.restart_delay)

    def request_stop(signum, _frame):
        log(f"{signal.Signals(signum).name} received; stopping")
        cluster.stopping = True

    def request_restart(_signum, _frame):
        log("SIGUSR1 received; starting any exited replica now")
        cluster.restart_now = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGUSR1, request_restart)
    try:
        cluster.start(args.replicas, args.timeout)
        return cluster.supervise()
    except RuntimeError as exc:
        log(str(exc))
        return 1
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
