"""Prints the sorted names in sys.modules at the start of the script, then
whether os.environ holds the settings the host exported."""
import sys

names = sorted(sys.modules)
import json  # noqa: E402
import os  # noqa: E402

print(json.dumps({
    "modules": names,
    "exported": "MPCONFIG_MULTIPROCESSING" in os.environ and "MPCONFIG_INTERPRETER" in os.environ,
}))
