"""The multiprocessing settings a bootstrap left, as JSON, after importing
multiprocessing and its spawn and forkserver modules. With an argument,
first runs that file (a rendered bootstrap) as code, as a program run by a
plain interpreter would."""
import json
import os
import sys

if len(sys.argv) > 1:
    with open(sys.argv[1]) as f:
        exec(compile(f.read(), sys.argv[1], "exec"), {})

import _posixsubprocess  # noqa: E402
import multiprocessing  # noqa: E402
import multiprocessing.forkserver  # noqa: E402
import multiprocessing.spawn  # noqa: E402


def pending(finder):
    fn = type(finder).find_spec
    cells = dict(zip(fn.__code__.co_freevars, [c.cell_contents for c in fn.__closure__ or ()]))
    return [[name, hook.__name__] for name, hook in cells.get("pending", {}).items()]


exe = os.fsencode(multiprocessing.spawn.get_executable())
print(json.dumps({
    "frozen": getattr(sys, "frozen", None),
    "method": multiprocessing.context._default_context._default_context._name,
    "executable": "sys.executable" if exe == os.fsencode(sys.executable) else exe.hex(),
    "preload": multiprocessing.forkserver._forkserver._preload_modules,
    "marks": getattr(_posixsubprocess.fork_exec, "mpconfig_marks", False),
    "finders": [[type(f).__name__, pending(f)]
                for f in sys.meta_path if getattr(f, "mpconfig_bootstrap", False)],
}))
