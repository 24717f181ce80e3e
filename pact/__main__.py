"""Command line: ``python -m pact validate [path]``, ``python -m pact curate [path]`` and
``python -m pact diff OLD NEW [--csv OUT]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pact.curation import curate, research_pack
from pact.diff import DiffError, as_text, diff_packages
from pact.export import to_csv_bytes
from pact.load import PackageError, load_package, resolve


def _validate(args: argparse.Namespace) -> int:
    path = resolve(args.path)
    try:
        package = load_package(path)
    except PackageError as exc:
        print(f"INVALID {path}")
        for problem in exc.problems:
            print(f"  - {problem}")
        return 1
    evidence = package.evidence
    print(f"VALID {path}")
    print(f"  {package.title}")
    for name, frame in package.tables.items():
        print(f"  {name:<18} {len(frame):>5} rows")
    follow_up = package.follow_up
    print(f"  quotes verified: {int(evidence['verified'].sum())} of {len(evidence)} evidence rows, "
          f"{int(package.events['verified'].sum())} of {len(package.events)} events, "
          f"{int(follow_up['verified'].sum())} of {len(follow_up)} follow-up rows")
    searched = package.descriptor.get("follow_up_searched_through")
    searched_on = package.descriptor.get("follow_up_searched_on")
    on = f" (pages searched on {searched_on})" if searched and searched_on else ""
    print(f"  follow-up searched through: {searched}{on}" if searched else "  follow-up: not searched (nothing claimed)")
    return 0


def _curate(args: argparse.Namespace) -> int:
    pack = Path(args.pack) if args.pack else research_pack()
    if not pack.is_dir():
        print(f"research pack not found at {pack}; set PACT_RESEARCH_PACK or pass --pack", file=sys.stderr)
        return 2
    for table, (ok, missing, unavailable) in curate(args.path, pack).items():
        print(f"{table}: {ok} verified, {missing} not found in their source, {unavailable} without a source text")
    return 0


def _diff(args: argparse.Namespace) -> int:
    try:
        diff = diff_packages(args.old, args.new)
    except DiffError as exc:
        print(f"cannot compare: {exc}", file=sys.stderr)
        return 2
    print(as_text(diff))
    if args.csv:
        try:
            Path(args.csv).write_bytes(to_csv_bytes(diff.changes))
        except OSError as exc:
            print(f"cannot write {args.csv}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"\n{len(diff.changes)} changes written to {args.csv}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pact", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="validate a data package and print a report")
    validate.add_argument("path", nargs="?", help="datapackage.json or its folder (default: bundled)")
    validate.set_defaults(run=_validate)
    cur = commands.add_parser("curate", help="check every quote against its source text; record `verified`")
    cur.add_argument("path", nargs="?", help="datapackage.json or its folder (default: bundled)")
    cur.add_argument("--pack", help="research pack root (default: ../shared beside the repository)")
    cur.set_defaults(run=_curate)
    dif = commands.add_parser("diff", help="what changed between two versions of a package: a table, optionally CSV")
    dif.add_argument("old", help="the earlier version: datapackage.json or its folder (e.g. data/releases/1.0.0)")
    dif.add_argument("new", help="the later version: datapackage.json or its folder")
    dif.add_argument("--csv", metavar="OUT", help="also write the changes to this CSV file")
    dif.set_defaults(run=_diff)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
