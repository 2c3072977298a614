"""Bounded memory by design, measured on the real binary in a process of its own.

The synthetic generator streams: ten times the rows must not need more resident memory (peak RSS
of the child process, from wait4's rusage). In-process measurements were moved here because
concurrently running suites (servers, connection pools) moved the process's figure.
"""
from __future__ import annotations

import os
import subprocess

from conftest import FIGURES


def _peak_rss_kb(args: list[str]) -> int:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, f"{args} failed"
    return usage.ru_maxrss  # kilobytes on Linux


def test_synth_memory_does_not_grow_with_rows(leaktrace_bin):
    small = _peak_rss_kb([str(leaktrace_bin), "synth", "--rows", "50000", "--seed", "1", "--quiet", "--out", "/dev/null"])
    large = _peak_rss_kb([str(leaktrace_bin), "synth", "--rows", "500000", "--seed", "1", "--quiet", "--out", "/dev/null"])
    FIGURES.append(f"synth peak RSS: 50k rows {small} kB, 500k rows {large} kB")
    # 500k rows are about 125 MB of output; a generator that kept rows would grow by that.
    assert large - small < 16_000, f"peak RSS grew by {large - small} kB for 10x the rows"
