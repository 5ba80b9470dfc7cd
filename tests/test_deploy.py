"""The deployment files agree with each other and with the Procfile: the container, compose
and systemd run the same commands, the image runs as non-root with its state in /data and
the health check, and deployments install the pinned versions."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def procfile() -> dict[str, str]:
    lines = [line.split(":", 1) for line in read("Procfile").splitlines() if line.strip()]
    return {kind.strip(): command.strip() for kind, command in lines}


def steps(command: str) -> list[list[str]]:
    """``a b && exec c d`` -> [["a", "b"], ["c", "d"]] (exec only replaces the shell)."""
    return [step.removeprefix("exec ").split() for step in command.split(" && ")]


def dockerfile_instruction(name: str) -> list[str]:
    found = [
        line.split(None, 1)[1]
        for line in read("Dockerfile").splitlines()
        if line.startswith(f"{name} ")
    ]
    assert found, f"Dockerfile has no {name}"
    return found


def test_procfile_runs_migrate_then_the_bot() -> None:
    assert steps(procfile()["worker"]) == [["cagbot", "migrate"], ["cagbot", "run"]]
    assert steps(procfile()["web"]) == [["cagbot", "migrate"], ["cagbot", "run", "--webhook"]]


def test_container_runs_the_worker_command_as_non_root_with_a_health_check() -> None:
    assert json.loads(dockerfile_instruction("CMD")[-1]) == ["sh", "-c", procfile()["worker"]]
    healthcheck = dockerfile_instruction("HEALTHCHECK")[-1]
    assert json.loads(healthcheck.split("CMD", 1)[1]) == ["cagbot", "health"]
    user = dockerfile_instruction("USER")[-1]
    assert user not in {"root", "0"}
    assert re.search(
        r"^ARG PYTHON_IMAGE=python:3\.11-slim@sha256:[0-9a-f]{64}$", read("Dockerfile"), re.M
    )
    assert json.loads(dockerfile_instruction("VOLUME")[-1]) == ["/data"]
    assert "CAGBOT_DATABASE=/data/cagbot.db" in read("Dockerfile")
    assert "--constraint constraints.txt" in read("Dockerfile")


def test_dependencies_have_their_own_layer() -> None:
    """The image installs constraints.txt before it copies any code: a code change reuses
    the dependency layer."""
    lines = [line for line in read("Dockerfile").splitlines() if line.startswith(("COPY", "RUN"))]
    install = lines.index("RUN /opt/cagbot/bin/pip install --requirement constraints.txt")
    assert lines[install - 1] == "COPY constraints.txt ./"
    assert not any("cagbot" in line for line in lines[:install] if line.startswith("COPY"))


def test_compose_runs_the_procfile_commands() -> None:
    compose = read("compose.yaml")
    active = re.findall(r"^\s+command: (\[.*\])$", compose, re.MULTILINE)
    commented = re.findall(r"^\s+#\s+command: (\[.*\])$", compose, re.MULTILINE)
    assert [json.loads(command) for command in active] == [["sh", "-c", procfile()["worker"]]]
    assert [json.loads(command) for command in commented] == [["sh", "-c", procfile()["web"]]]
    assert "CAGBOT_DATABASE: /data/cagbot.db" in compose
    assert "cagbot-backup /backups 14" in compose  # nightly, keeping 14
    assert "env_file: .env" in compose


def test_systemd_unit_runs_the_procfile_commands_sandboxed() -> None:
    unit = read("deploy/cagbot.service")
    settings = [line.split("=", 1) for line in unit.splitlines() if re.match(r"^[A-Z]\w*=", line)]
    values: dict[str, list[str]] = {}
    for key, value in settings:
        values.setdefault(key, []).append(value)

    def command(line: str) -> list[str]:
        program, *args = line.split()
        return [Path(program).name, *args]

    assert [command(values["ExecStartPre"][0]), command(values["ExecStart"][0])] == steps(
        procfile()["worker"]
    )
    # The webhook override the unit's header describes runs the web line's last step.
    override = re.search(r"^#\s+ExecStart=(/\S+ run --webhook)$", unit, re.MULTILINE)
    assert override is not None
    assert command(override.group(1)) == steps(procfile()["web"])[-1]
    assert values["EnvironmentFile"] == ["/etc/cagbot/cagbot.env"]
    assert values["Restart"] == ["on-failure"]
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "ReadWritePaths": "/var/lib/cagbot",
    }.items():
        assert values[key] == [value], key
    assert values["User"] != ["root"]
    database = next(v for v in values["Environment"] if v.startswith("CAGBOT_DATABASE="))
    assert database.split("=", 1)[1].startswith(values["ReadWritePaths"][0] + "/")


def test_constraints_pin_every_dependency() -> None:
    def name(requirement: str) -> str:
        return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")

    pins = {
        name(line): line.split("==", 1)[1]
        for line in read("constraints.txt").splitlines()
        if line and not line.startswith("#")
    }
    assert all(pins.values())
    dependencies = tomllib.loads(read("pyproject.toml"))["project"]["dependencies"]
    missing = {name(requirement) for requirement in dependencies} - set(pins)
    assert missing == set(), "regenerate constraints.txt (docs/releasing.md)"


def test_secrets_and_state_stay_out_of_the_image() -> None:
    ignored = set(read(".dockerignore").splitlines())
    assert {".env", "*.db", ".git"} <= ignored


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")
def test_backup_script_keeps_the_newest_copies(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    old = [f"cagbot-2026-01-0{day}T030000Z.db" for day in (1, 2, 3)]
    for name in old:
        (backups / name).write_bytes(b"old")
    (backups / "notes.txt").write_text("not a backup", encoding="utf-8")
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("CAGBOT_")},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "CAGBOT_DATABASE": str(tmp_path / "cagbot.db"),
    }
    script = str(ROOT / "deploy" / "backup.sh")
    migrated = subprocess.run(
        [sys.executable, "-m", "cagbot", "migrate"], env=env, cwd=tmp_path, capture_output=True
    )
    assert migrated.returncode == 0, migrated.stderr
    done = subprocess.run(
        ["sh", script, str(backups), "2"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    kept = sorted(path.name for path in backups.iterdir())
    assert len(kept) == 3
    assert "notes.txt" in kept
    assert old[2] in kept  # the newest old one, and today's new copy
    assert old[0] not in kept
    assert old[1] not in kept
    bad = subprocess.run(["sh", script, str(backups), "none"], env=env, capture_output=True)
    assert bad.returncode == 2
