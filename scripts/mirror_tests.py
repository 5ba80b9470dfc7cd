"""Which cagbot modules have no test file named after them.

A module ``cagbot/<pkg>/<name>.py`` is mirrored by ``tests/<pkg>/test_<name>.py`` (a top-level
``cagbot/<name>.py`` by ``tests/test_<name>.py``). Package ``__init__`` and ``__main__``
modules are left out; so are modules whose behaviour is tested through another's file (they
are listed: the list is what a maintainer reads, not a gate).

    python scripts/mirror_tests.py            # the unmirrored modules, by package
    python scripts/mirror_tests.py --summary  # one line per package: mirrored / modules
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def mirror_of(module: Path) -> Path:
    relative = module.relative_to(ROOT / "cagbot")
    return ROOT / "tests" / relative.parent / f"test_{relative.name}"


def modules() -> list[Path]:
    return sorted(
        path
        for path in (ROOT / "cagbot").rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="one line per package")
    args = parser.parse_args()
    by_package: dict[str, list[tuple[Path, bool]]] = defaultdict(list)
    for module in modules():
        package = str(module.parent.relative_to(ROOT))
        by_package[package].append((module, mirror_of(module).exists()))
    total = sum(len(found) for found in by_package.values())
    mirrored = sum(ok for found in by_package.values() for _, ok in found)
    for package, found in sorted(by_package.items()):
        have = sum(ok for _, ok in found)
        if args.summary:
            print(f"{package:<22} {have:>3} / {len(found):<3}")
            continue
        missing = [module.name for module, ok in found if not ok]
        if missing:
            print(f"{package}: {' '.join(missing)}")
    print(f"mirrored: {mirrored} of {total} modules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
