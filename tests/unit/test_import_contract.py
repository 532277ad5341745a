"""Import contract of exoterm.core: no Textual or Rich (the UI layer), and no pykakasi
when loading content (it costs ~0.6 s and ~130 MB; only `exoterm validate` may use it).

Checked in a fresh interpreter so that modules imported by other tests do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

WALK_CORE = """
import importlib, json, pkgutil, sys
import exoterm.core
found, failed = [], []
for info in pkgutil.walk_packages(exoterm.core.__path__, "exoterm.core.", onerror=failed.append):
    importlib.import_module(info.name)
    found.append(info.name)
top = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"modules": found, "failed": failed, "top": top}))
"""

IMPORT_CONTENT = """
import json, sys
import exoterm.core.content
from exoterm.core.content import load_deck, load_content
top = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"top": top}))
"""

PLAIN_REVIEW_LANGUAGE = """
import argparse, json, sys, tempfile
from pathlib import Path
from exoterm.commands.review import ui_language
from exoterm.core.config import Config
with tempfile.TemporaryDirectory() as tmp:
    folder = Path(tmp)
    ui_language(argparse.Namespace(), Config(data_dir=folder, cache_dir=folder))
top = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"top": top}))
"""


def run_python(code: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_no_core_module_imports_textual_or_rich() -> None:
    result = run_python(WALK_CORE)
    assert result["failed"] == []
    assert "exoterm.core.content.loader" in result["modules"]
    assert len(result["modules"]) >= 10
    leaked = sorted({"textual", "rich"} & set(result["top"]))
    assert not leaked, f"importing every exoterm.core module pulled in {leaked}"


def test_importing_content_does_not_import_pykakasi() -> None:
    result = run_python(IMPORT_CONTENT)
    assert "pykakasi" not in result["top"]
    assert {"textual", "rich"}.isdisjoint(result["top"])


def test_plain_review_reads_the_saved_language_without_textual() -> None:
    result = run_python(PLAIN_REVIEW_LANGUAGE)
    assert {"textual", "rich"}.isdisjoint(result["top"])
