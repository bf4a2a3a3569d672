"""What a program sees of the virtual environment it runs in, as JSON;
with "pool" as argv[1], also what a spawn worker sees (after the parent
dropped VIRTUAL_ENV from its environment)."""
import json
import os
import sys


def seen(_=None):
    try:
        import pthmod
        pth = pthmod.X
    except ImportError:
        pth = None
    return {
        "prefix": sys.prefix,
        "exec_prefix": sys.exec_prefix,
        "base_prefix": sys.base_prefix,
        "path": sys.path,
        "pth": pth,
        "no_site": sys.flags.no_site,
    }


if __name__ == "__main__":
    out = seen()
    out["executable"] = sys.executable
    if sys.argv[1:] == ["pool"]:
        import multiprocessing

        os.environ.pop("VIRTUAL_ENV", None)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            out["worker"] = pool.apply(seen)
    print(json.dumps(out))
