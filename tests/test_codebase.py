"""The code stays as pyproject.toml configures it: ruff-clean, formatted, strictly typed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(command: tuple[str, ...]) -> None:
    executable = shutil.which(command[0]) or str(Path(sys.executable).parent / command[0])
    completed = run(executable, *command[1:])
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mypy_strict() -> None:
    completed = run(sys.executable, "-m", "mypy")
    assert completed.returncode == 0, completed.stdout + completed.stderr
