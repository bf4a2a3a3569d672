"""What a script sees of the host's bootstrap before and after it imports
multiprocessing, as JSON. With an argument, first runs that file (another
bootstrap) as code, before multiprocessing is imported."""
import json
import sys


def pending():
    return [type(f).__name__ for f in sys.meta_path if getattr(f, "mpconfig_bootstrap", False)]


before = {
    "frozen": getattr(sys, "frozen", None),
    "mp_loaded": "multiprocessing" in sys.modules,
    "pending": pending(),
}
if len(sys.argv) > 1:
    with open(sys.argv[1]) as f:
        exec(compile(f.read(), sys.argv[1], "exec"), {})
    before["pending_after_rerun"] = pending()

import multiprocessing  # noqa: E402
import multiprocessing.spawn  # noqa: E402

print(json.dumps({
    "before": before,
    "method": multiprocessing.get_start_method(),
    "executable": multiprocessing.spawn.get_executable() == sys.executable.encode()
    or multiprocessing.spawn.get_executable() == sys.executable,
    "pending": pending(),
}))
