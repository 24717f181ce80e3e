"""Upload working folders stay bounded in number, size and idle time, whatever sessions do."""

from conftest import TINY, write_package
from pact import load_package
from pact.export import to_csv_bytes
from pact.filters import analysis_view
from pact.upload import read_upload
from pact.workdirs import Pool


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_two_hundred_uploads_never_leave_more_than_the_cap(tmp_path):
    flat = to_csv_bytes(analysis_view(load_package(write_package(tmp_path / "src", TINY)), "draft", "final"))
    pool = Pool(root=tmp_path / "uploads", max_folders=8)
    counts = []
    for session in range(200):
        # A session that uploads and then goes away without "Return to the bundled data".
        folder = pool.create(f"session-{session}")
        read_upload(f"mine-{session}.csv", flat, folder) if session % 20 == 0 else (folder / "x.csv").write_bytes(flat)
        counts.append(len(pool.folders()))
    assert max(counts) <= 8 and counts[-1] == 8


def test_total_size_is_capped(tmp_path):
    pool = Pool(root=tmp_path / "uploads", max_folders=100, max_total_bytes=10_000)
    for session in range(30):
        (pool.create(f"s{session}") / "table.csv").write_bytes(b"x" * 3_000)
        assert sum(f.stat().st_size for f in pool.root.rglob("*") if f.is_file()) <= 10_000 + 3_000


def test_idle_folders_go_and_used_ones_stay(tmp_path):
    clock = Clock()
    pool = Pool(root=tmp_path / "uploads", idle_seconds=600, clock=clock)
    kept, left = pool.create("active"), pool.create("gone")
    clock.now += 500
    pool.touch(kept)
    clock.now += 200
    pool.sweep()
    assert kept.is_dir() and not left.exists()


def test_folders_of_ended_sessions_go(tmp_path):
    pool = Pool(root=tmp_path / "uploads")
    alive, ended = pool.create("alive-1"), pool.create("ended-2")
    pool.create("new-3", is_live=lambda owner: owner != "ended-2")
    assert alive.is_dir() and not ended.exists()


def test_the_owner_is_read_even_when_the_random_suffix_holds_underscores(tmp_path):
    assert Pool.owner_of(tmp_path / "upload-ended-2_vhoduw_1") == "ended-2"
    assert Pool.owner_of(tmp_path / "upload-5f1c-aa_x_y_z") == "5f1c-aa"


def test_release_removes_only_pool_folders(tmp_path):
    pool = Pool(root=tmp_path / "uploads")
    outside = tmp_path / "upload-precious"
    outside.mkdir()
    pool.release(outside)
    folder = pool.create("s")
    pool.release(folder)
    assert outside.is_dir() and not folder.exists()
