"""The import contract of docs/architecture.md: every module of cagbot sits in one layer,
imports only from its own layer or those below it, and no two packages import each other.

The check reads the source with :mod:`ast` (every ``import``, including those inside
functions and ``if TYPE_CHECKING:`` blocks), so it needs nothing installed and sees what a
reader sees. The last tests plant an upward import and a circle to show the check fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cagbot"

#: Bottom first. A module may import from its own layer and every layer below it. A unit is a
#: top-level module (``cagbot.models``) or a subpackage with everything in it (``cagbot.bot``).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "base",  # leaves: records of the domain, settings, paths, HTML, i18n, the emulator
        frozenset(
            {
                "cagbot",  # __init__: the version
                "cagbot.models",
                "cagbot.paths",
                "cagbot.settings",
                "cagbot.timezones",
                "cagbot.quiet_hours",  # the night in a chat's zone (pure)
                "cagbot.markup",
                "cagbot.callbacks",
                "cagbot.lexicon",
                "cagbot.i18n",
                "cagbot.i18n_names",
                "cagbot.logs",
                "cagbot.intents",
                "cagbot.supervise",
                "cagbot.botapi",
                "cagbot.webhook_guard",
                "cagbot.links",  # URLs as Telegram takes them
                "cagbot.log_folding",
                "cagbot.lazy",  # package exports imported on first use
                "cagbot.devserver",  # the loopback Bot API, all its modules: imports nothing else
            }
        ),
    ),
    ("store", frozenset({"cagbot.store"})),  # all SQL
    ("records", frozenset({"cagbot.records"})),  # what services produce and views render
    ("content, search", frozenset({"cagbot.content", "cagbot.search"})),
    ("views", frozenset({"cagbot.views"})),  # text and buttons; no Telegram, no handlers
    (
        "services",
        frozenset(
            {
                "cagbot.notify",
                "cagbot.translate",
                "cagbot.health",
                "cagbot.metrics",
                "cagbot.speech",
            }
        ),
    ),
    # handlers, PTB wiring, the composition root; the staff features in cagbot.bot.staff
    ("bot", frozenset({"cagbot.bot"})),
    (
        "entry points",
        frozenset(
            {
                "cagbot.__main__",
                "cagbot.cli",
                "cagbot.cli_content",
                "cagbot.cli_errors",
                "cagbot.cli_database",
                "cagbot.demo",
                "cagbot.lifecycle",
                "cagbot.polling",
                "cagbot.webhook",
            }
        ),
    ),
)

#: Units of one layer that must not import each other either.
INDEPENDENT: tuple[frozenset[str], ...] = (frozenset({"cagbot.content", "cagbot.search"}),)

#: Imports that break the contract today, each with why and the issue that removes it:
#: (importing module, imported unit) -> reason. Keep it empty; never add without a TODO.
EXCEPTIONS: Mapping[tuple[str, str], str] = {}


@dataclass(frozen=True, slots=True)
class Graph:
    """Module -> the cagbot modules (or packages) it imports."""

    imports: Mapping[str, frozenset[str]]

    @property
    def modules(self) -> set[str]:
        return set(self.imports)

    def edges(self) -> Iterable[tuple[str, str]]:
        for module, targets in sorted(self.imports.items()):
            for target in sorted(targets):
                yield module, target


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """Every cagbot module a parsed module imports (a name imported from a package counts as
    its submodule when there is one, else as the package)."""
    here = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if candidate in known else source)
    return {name for name in found if name == "cagbot" or name.startswith("cagbot.")}


def build_graph(root: Path) -> Graph:
    sources = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    known = set(sources)
    return Graph(
        {
            module: frozenset(
                imported(
                    ast.parse(path.read_text(encoding="utf-8"), str(path)),
                    module,
                    path.name == "__init__.py",
                    known,
                )
            )
            for module, path in sources.items()
        }
    )


def unit_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def layer_of(module: str) -> int | None:
    unit = unit_of(module)
    for rank, (_, units) in enumerate(LAYERS):
        if unit in units:
            return rank
    return None


def unplaced(graph: Graph) -> list[str]:
    return sorted(module for module in graph.modules if layer_of(module) is None)


def violations(graph: Graph) -> list[str]:
    """Imports of a higher layer, or of an independent sibling, not listed in EXCEPTIONS."""
    found = []
    for module, target in graph.edges():
        low, high = layer_of(module), layer_of(target)
        if low is None or high is None or (module, unit_of(target)) in EXCEPTIONS:
            continue
        mine, theirs = unit_of(module), unit_of(target)
        if high > low:
            found.append(f"{module} ({LAYERS[low][0]}) imports {target} ({LAYERS[high][0]})")
        elif mine != theirs and any({mine, theirs} <= group for group in INDEPENDENT):
            found.append(f"{module} imports {target}: {mine} and {theirs} are independent")
    return found


def circles(graph: Graph) -> list[list[str]]:
    """Groups of units that import each other, directly or around a loop (Tarjan)."""
    edges: dict[str, set[str]] = {}
    for module, target in graph.edges():
        source, dest = unit_of(module), unit_of(target)
        edges.setdefault(source, set())
        edges.setdefault(dest, set())
        if source != dest:
            edges[source].add(dest)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(edges[node]):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(PACKAGE)


def test_every_module_has_a_layer(graph: Graph) -> None:
    assert len(graph.modules) > 100
    assert unplaced(graph) == [], "place the new package or module in LAYERS"


def test_no_module_imports_a_higher_layer(graph: Graph) -> None:
    assert violations(graph) == []


def test_no_two_packages_import_each_other(graph: Graph) -> None:
    assert circles(graph) == []


def test_every_exception_is_still_needed(graph: Graph) -> None:
    present = {(module, unit_of(target)) for module, target in graph.edges()}
    assert set(EXCEPTIONS) <= present, "an exception no longer needed: remove it"


#: The staff features: each a package that holds its own handlers, keyboards and state.
#: They share only what is in cagbot.bot.staff itself (access: the gate, ``tell``).
STAFF_FEATURES = ("cagbot.bot.staff.broadcast", "cagbot.bot.staff.calls")


def staff_crossings(graph: Graph) -> list[str]:
    """Imports from one staff feature package into another."""

    def feature(module: str) -> str | None:
        return next((f for f in STAFF_FEATURES if module == f or module.startswith(f + ".")), None)

    return [
        f"{module} imports {target}"
        for module, target in graph.edges()
        if (mine := feature(module)) and (theirs := feature(target)) and mine != theirs
    ]


def test_staff_features_do_not_import_each_other(graph: Graph) -> None:
    assert staff_crossings(graph) == []
    planted = Graph(
        {
            "cagbot.bot.staff.calls.approval": frozenset({"cagbot.bot.staff.broadcast.planned"}),
            "cagbot.bot.staff.broadcast.planned": frozenset({"cagbot.bot.staff.access"}),
        }
    )
    assert staff_crossings(planted) == [
        "cagbot.bot.staff.calls.approval imports cagbot.bot.staff.broadcast.planned"
    ]


def _numbers(tree: ast.AST) -> bool:
    return isinstance(tree, ast.Constant) or (
        isinstance(tree, ast.UnaryOp) and isinstance(tree.operand, ast.Constant)
    )


def test_services_are_found_one_way() -> None:
    """The bot's background services are fields of the typed ``Services`` (bot_data), not
    module-level registries keyed by the Application; handler groups come from one table
    (cagbot/bot/handler_groups.py), not numbers in each feature."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if value is not None and "WeakKeyDictionary" in ast.unparse(value):
                found.append(f"{where}:{node.lineno} module-level registry")
            targets = (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", node)]
            )
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            in_bot = path.parent.name == "bot"
            if (
                in_bot
                and value is not None
                and _numbers(value)
                and any(n.endswith("GROUP") for n in names)
            ):
                found.append(f"{where}:{node.lineno} a handler group of its own")
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or "add_handler" not in ast.unparse(call.func):
                continue
            for keyword in call.keywords:
                if keyword.arg == "group" and _numbers(keyword.value):
                    found.append(f"{where}:{call.lineno} group={ast.unparse(keyword.value)}")
    assert found == []


# -- the check fails when it should ------------------------------------------------------------


def _plant(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / "cagbot" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "cagbot"


def test_a_planted_upward_import_fails(tmp_path: Path) -> None:
    package = _plant(
        tmp_path,
        {
            "__init__.py": "",
            "models.py": "",
            "store/__init__.py": "from cagbot.models import *\n",
            "store/posts.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from cagbot.bot.context import Services\n"
            ),
            "store/audit.py": "def f():\n    from ..views import labels\n",
            "views/__init__.py": "",
            "views/labels.py": "from cagbot import models\nfrom cagbot.store import audit\n",
            "bot/__init__.py": "",
            "bot/context.py": "from cagbot.store import posts\nfrom . import helpers\n",
            "bot/helpers.py": "",
        },
    )
    planted = build_graph(package)
    assert unplaced(planted) == []
    assert violations(planted) == [
        "cagbot.store.audit (store) imports cagbot.views.labels (views)",
        "cagbot.store.posts (store) imports cagbot.bot.context (bot)",
    ]
    assert circles(planted) == [["cagbot.bot", "cagbot.store", "cagbot.views"]]
    # The real tree with one upward import added fails the same way.
    real = dict(build_graph(PACKAGE).imports)
    real["cagbot.store.posts"] = real["cagbot.store.posts"] | {"cagbot.notify.broadcasts"}
    assert violations(Graph(real)) == [
        "cagbot.store.posts (store) imports cagbot.notify.broadcasts (services)"
    ]
    assert any({"cagbot.notify", "cagbot.store"} <= set(group) for group in circles(Graph(real)))


def test_independent_siblings_and_unplaced_modules_fail() -> None:
    graph = Graph(
        {
            "cagbot.search.engine": frozenset({"cagbot.content.text"}),
            "cagbot.content.text": frozenset(),
            "cagbot.gadgets": frozenset({"cagbot.models"}),
        }
    )
    assert violations(graph) == [
        "cagbot.search.engine imports cagbot.content.text: cagbot.search and cagbot.content"
        " are independent"
    ]
    assert unplaced(graph) == ["cagbot.gadgets"]


# -- the tests themselves ----------------------------------------------------------------------


def test_test_modules_import_helpers_not_other_test_modules() -> None:
    """Shared helpers live in a conftest.py or a helper module (tests/helpers/, or one named
    for what it holds): a test module imported by another runs its imports twice and ties the
    two together."""
    tests = ROOT / "tests"
    offenders = []
    for path in sorted(tests.rglob("test_*.py")):
        for module in imported_tests(path):
            if module.rsplit(".", 1)[-1].startswith("test_"):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def imported_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            # Relative: "from .test_typed import score" or "from . import test_typed".
            dots = "." * node.level
            if node.module:
                found.add(f"{dots}{node.module}")
            else:
                found.update(f"{dots}{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests."):
            found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tests."))
    return found


def test_relative_imports_of_test_modules_are_seen(tmp_path: Path) -> None:
    planted = tmp_path / "test_planted.py"
    planted.write_text(
        "from .test_typed import score\nfrom . import test_eval\nfrom .typed_eval import names\n",
        encoding="utf-8",
    )
    found = imported_tests(planted)
    assert {".test_typed", ".test_eval"} <= found
    assert not any(
        m.rsplit(".", 1)[-1].startswith("test_") for m in found - {".test_typed", ".test_eval"}
    )
