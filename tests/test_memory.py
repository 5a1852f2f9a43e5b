"""A large build gives the memory it freed back to the system (`memory.give_back`)."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from feedgen_app.memory import collector_paused

SCRIPT = """
from feedgen_app.memory import give_back

def resident():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmRSS")) // 1024

# 200 MB of 2 KB strings (the C heap, like rendered HTML), one in 50 kept: the pages between
# the ones kept are free, but resident until given back.
made = [str(n).zfill(2000) for n in range(100_000)]
kept = made[::50]
del made
before = resident()
give_back()
print(before, resident(), len(kept))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_the_freed_pages_go_back_to_the_system() -> None:
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    before, after, kept = map(int, run.stdout.split())
    assert kept == 2000
    assert before > 150 and after < before - 100


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.mark.usefixtures("collector_on")
def test_what_is_made_while_the_collector_pauses_joins_the_oldest_and_is_still_collected() -> None:
    """The first collection after the pause does not look at what was made in it; a cycle made
    in it is found by a full collection (nothing stays frozen)."""
    with collector_paused():
        record = (["a record"], ["of lists"])
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    young = [*gc.get_objects(generation=0), *gc.get_objects(generation=1)]
    assert gc.is_tracked(record) and not any(item is record for item in young)
    cycle = weakref.ref(first)
    del first, second
    gc.collect()
    assert cycle() is None
