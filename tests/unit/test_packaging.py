"""The wheel ships every package and the content: a non-editable install works anywhere."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "exoterm").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {"exoterm.data", "exoterm.schema"} <= listed


def test_shipped_content_is_found_from_another_directory(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", "from exoterm.core.content import shipped_paths; "
         "print(all(p.is_file() for p in shipped_paths()))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert out.stdout.strip() == "True", out.stderr


def test_version_and_help() -> None:
    from exoterm import __version__

    out = subprocess.run([sys.executable, "-m", "exoterm", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"exoterm {__version__}"
    out = subprocess.run([sys.executable, "-m", "exoterm", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "validate" in out.stdout and "export" in out.stdout


def test_lower_bounds_file_pins_every_declared_minimum() -> None:
    """ci/lower-bounds.txt is what the lower bounds are tested with: one pin per `>=` bound."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = project["dependencies"] + [
        req for extra in ("test", "optimize") for req in project["optional-dependencies"][extra]
    ]
    declared = {}
    for req in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[a-z0-9,_-]+\])?\s*>=\s*([0-9][0-9.]*)(?:\s*,\s*<.*)?",
                             req)
        assert match, f"{req!r} has no lower bound (or one this check cannot read)"
        declared[match[1].lower().replace("_", "-")] = _release(match[2])
    pinned = {}
    for line in (ROOT / "ci" / "lower-bounds.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name.strip().lower().replace("_", "-")] = _release(version.strip())
    assert pinned == declared


def _release(version: str) -> tuple[int, ...]:
    """`8` and `8.0.0` are the same release."""
    parts = [int(part) for part in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)
