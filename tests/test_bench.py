"""The synthetic generator produces valid packages; the benchmark script runs (no timings asserted)."""

import subprocess
import sys

from conftest import ROOT
from pact import load_package
from pact.synthetic import generate


def test_synthetic_package_is_valid_and_scales(tmp_path):
    small = load_package(generate(tmp_path / "a", scale=0.5))
    larger = load_package(generate(tmp_path / "b", scale=2))
    assert (len(small.elements), len(larger.elements)) == (50, 200)
    assert len(larger.stages) == 3
    assert larger.evidence["verified"].all()


def test_benchmark_script_runs(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    done = subprocess.run([sys.executable, "bench/run.py", "--quick", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    text = out.read_text()
    assert "| `dashboard.py` |" in text and "0.1×" in text
    assert "| Japan–EU |" in text and "## Dataset switch" in text and "Cold start with all" in text
