"""Prints what a script sees of its interpreter, as JSON."""
import sys

mp_loaded_at_start = "multiprocessing" in sys.modules

import json  # noqa: E402
import multiprocessing.spawn  # noqa: E402
import os  # noqa: E402

print(json.dumps({
    "name": __name__,
    "file": __file__,
    "spec": repr(__spec__),
    "cached": __cached__,
    "loader": type(__loader__).__name__,
    "argv": sys.argv,
    "path0": sys.path[0],
    "executable": sys.executable,
    "frozen": getattr(sys, "frozen", None),
    "version": sys.version,
    "orig_argv": getattr(sys, "orig_argv", None),
    "mp_executable": os.fsdecode(multiprocessing.spawn.get_executable()),
    "mp_loaded_at_start": mp_loaded_at_start,
    "start_method": multiprocessing.get_start_method(),
}))
