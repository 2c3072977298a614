"""Shared fixtures for the evaluation suite (independent oracles, real binary).

The binary is `.build/debug/leaktrace` (built by `scripts/test` before pytest runs), or the path
in the environment variable LEAKTRACE_BIN. A missing binary is a FAILURE, never a skip.

Figures (precision/recall/F1, person counts) are collected in `FIGURES` and printed in the
terminal summary, so they are visible with `pytest -q` too; they are also in every assertion
message.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

FIGURES: list[str] = []

# Rows per generated dump: about 20k keeps a debug build fast. Override for larger runs.
EVAL_ROWS = int(os.environ.get("LEAKTRACE_EVAL_ROWS", "20000"))
EVAL_SEED = int(os.environ.get("LEAKTRACE_EVAL_SEED", "20240"))
EVAL_TEXT_LINES = int(os.environ.get("LEAKTRACE_EVAL_TEXT_LINES", "1500"))


def binary_path() -> Path:
    env = os.environ.get("LEAKTRACE_BIN")
    if env:
        p = Path(env)
        return p if p.is_absolute() else (REPO / p)
    return REPO / ".build" / "debug" / "leaktrace"


@pytest.fixture(scope="session")
def leaktrace_bin() -> Path:
    p = binary_path()
    if not (p.is_file() and os.access(p, os.X_OK)):
        pytest.fail(
            f"leaktrace binary not found or not executable at {p}. Build it first "
            f"(`swift build --product leaktrace`, or `scripts/test`), or point LEAKTRACE_BIN at it.",
            pytrace=False,
        )
    return p


def run_leaktrace(binary: Path, args: list[str], timeout: float = 600, cwd: Path | None = None
                  ) -> subprocess.CompletedProcess:
    """Runs the binary directly (no shell, so a crash shows as a negative return code)."""
    return subprocess.run([str(binary), *args], capture_output=True, timeout=timeout,
                          cwd=str(cwd) if cwd else None)


@pytest.fixture(scope="session")
def run(leaktrace_bin):
    def _run(args: list[str], timeout: float = 600, cwd: Path | None = None):
        return run_leaktrace(leaktrace_bin, args, timeout=timeout, cwd=cwd)
    return _run


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if FIGURES:
        terminalreporter.section("LeakTrace evaluation figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
