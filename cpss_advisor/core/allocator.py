"""Batches of rule evaluations: freed memory kept for the next evaluation instead of returned to the system.

durable-rules allocates and frees a few megabytes for each session (one per evaluation). With glibc's defaults those
pages may be mapped afresh and returned every time: up to about 600 page faults and 1.5 ms of system time per
evaluation (measured over 300 evaluations of an example, against about 6 ms of user time); how many depends on
glibc's sliding mmap threshold and what the process allocated before (as few as 11 in other runs). `reuse_freed_memory` asks glibc
(`mallopt`) to serve allocations of up to 32 MB from the heap and to keep up to 64 MB of freed heap, so that a batch
reuses the same pages. Batches call it (`cpss_advisor.planning.pipeline.run_batch`, in each worker too); a single
plan does not. Where the C library has no such setting, nothing changes.
"""

from __future__ import annotations

import ctypes
import sys

#: glibc's `mallopt` parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 64 << 20

_set = False


def reuse_freed_memory() -> bool:
    """Keep freed memory for reuse (once per process); whether the C library took the settings."""
    global _set
    if _set:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already uses
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    _set = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    return _set
