"""What each family that takes the [multiprocessing] settings was given:
its default start method, its executable, sys.frozen, as JSON."""
import json
import os
import sys

import billiard
import billiard.spawn
import multiprocess
import multiprocess.spawn


def real(exe):
    return os.path.realpath(os.fsdecode(exe))


print(json.dumps({
    "frozen": getattr(sys, "frozen", False),
    "multiprocess": [multiprocess.get_start_method(), real(multiprocess.spawn.get_executable())],
    "billiard": [billiard.get_start_method(), real(billiard.spawn.get_executable())],
    "executable": real(sys.executable),
}))
