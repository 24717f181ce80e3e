"""The brief's charts, drawn by vl-convert in a child process: a renderer crash fails one brief, never the server.

vl-convert runs the Vega renderer in native code, and on some input (characters XML forbids were
one) it aborts the process that called it; inside the dashboard that process is the server, with
every viewer's session. Here a brief's charts are drawn together in one short-lived child
(``python -I pact/drawing.py``, which imports nothing of ours), so an abort, a hang past
:data:`TIMEOUT` or any error there becomes a :class:`ChartsFailed` for that brief alone.
"""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
from pathlib import Path

TIMEOUT = 120  # seconds; a brief's two charts take about one
PNG_SCALE = 2  # twice screen resolution, for print
COMMAND = [sys.executable, "-I", str(Path(__file__).resolve())]


class ChartsFailed(RuntimeError):
    """The charts could not be drawn; the message says why, in words for the analyst."""


def draw(specs: list[dict], kind: str) -> list[str] | list[bytes]:
    """Each Vega-Lite spec drawn as SVG text (``kind="svg"``) or PNG bytes (``"png"``), in one child process."""
    if not specs:
        return []
    request = json.dumps({"kind": kind, "specs": specs}).encode("utf-8")
    try:
        done = subprocess.run(COMMAND, input=request, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ChartsFailed(f"drawing the charts took longer than {TIMEOUT} seconds") from None
    except OSError as exc:
        raise ChartsFailed(f"the chart renderer could not be started ({exc.strerror or exc})") from None
    if done.returncode != 0:
        raise ChartsFailed(f"the chart renderer stopped ({_reason(done)})")
    try:
        drawn = json.loads(done.stdout)
    except ValueError:
        raise ChartsFailed("the chart renderer returned something that is not a drawing") from None
    if len(drawn) != len(specs):
        raise ChartsFailed("the chart renderer returned the wrong number of drawings")
    return drawn if kind == "svg" else [base64.b64decode(png) for png in drawn]


def _reason(done: subprocess.CompletedProcess) -> str:
    if done.returncode < 0:
        try:
            return f"signal {signal.Signals(-done.returncode).name}"
        except ValueError:
            return f"signal {-done.returncode}"
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:300] if lines else f"exit status {done.returncode}"


def _main() -> None:
    import vl_convert

    request = json.load(sys.stdin.buffer)
    if request["kind"] == "svg":
        drawn = [vl_convert.vegalite_to_svg(spec) for spec in request["specs"]]
    else:
        drawn = [base64.b64encode(vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)).decode("ascii")
                 for spec in request["specs"]]
    json.dump(drawn, sys.stdout)


if __name__ == "__main__":
    _main()
