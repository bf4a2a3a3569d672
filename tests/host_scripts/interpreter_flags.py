"""Prints, as JSON, how the main process and one child per start method
named in argv were started: sys.flags, whether site ran, sys.path."""
import json
import os
import sys

import multiprocessing as mp


def report():
    return {
        "isolated": sys.flags.isolated,
        "no_site": sys.flags.no_site,
        "site_loaded": "site" in sys.modules,
        "ignore_environment": sys.flags.ignore_environment,
        # PYTHONPATH, when the test sets it, names this marker directory.
        "pythonpath_seen": any(p.endswith("pythonpath-marker") for p in sys.path),
        "executable": os.path.basename(sys.executable),
    }


if __name__ == "__main__":
    out = {"main": report(), "path0": sys.path[0]}
    for method in sys.argv[1:]:
        with mp.get_context(method).Pool(1) as pool:
            out[method] = pool.apply(report)
    print(json.dumps(out))
