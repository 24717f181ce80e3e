"""Command line: ``python -m pact validate [path]`` and ``python -m pact curate [path]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pact.curation import curate, research_pack
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
    print(f"  quotes verified: {int(evidence['verified'].sum())} of {len(evidence)} evidence rows, "
          f"{int(package.events['verified'].sum())} of {len(package.events)} events")
    return 0


def _curate(args: argparse.Namespace) -> int:
    pack = Path(args.pack) if args.pack else research_pack()
    if not pack.is_dir():
        print(f"research pack not found at {pack}; set PACT_RESEARCH_PACK or pass --pack", file=sys.stderr)
        return 2
    for table, (ok, missing, unavailable) in curate(args.path, pack).items():
        print(f"{table}: {ok} verified, {missing} not found in their source, {unavailable} without a source text")
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
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
