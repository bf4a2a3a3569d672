# The rendered bootstrap and the engine with the same config's settings must
# do the same thing. argv[1]: a JSON file
#   {"parts": {NAME: {"source", "file"}}, "fresh": bool, "which",
#    "cases": [{"label", "rendered", "args": [...], "executable_hex",
#               "platform", "preload_api", "child"}]}
# `fresh`: one case, multiprocessing not imported before (the on-import
# path); otherwise multiprocessing, its spawn and forkserver modules are
# imported first and every case runs in this interpreter, the state reset in
# between. `platform` "win32" runs the bootstrap with sys.platform faked as
# Windows (what it reads at run time). `preload_api` "3.15": the forkserver
# module gets a set_forkserver_preload that takes on_error, as CPython
# 3.15's does, and records its calls. `child`: also start a child through
# subprocess and compare the provenance mark it gets.
# Prints one JSON line: {"checked": N, "mismatches": [...]}.
import json
import os
import subprocess
import sys

MARKER = 'mpconfig_bootstrap'

with open(sys.argv[1], encoding='utf-8') as f:
    data = json.load(f)

codes = {name: compile(p['source'], p['file'], 'exec') for name, p in data['parts'].items()}
engine_scope = {}
exec(codes['engine'], engine_scope)
engine = engine_scope['_mpconfig_engine']


def load(name):
    # What the host's load(name) returns: the part's code.
    return codes[name]


def run_rendered(case):
    exec(compile(case['rendered'], '<bootstrap>', 'exec'), {'__name__': '__mpconfig_test__'})


def run_engine(case):
    args = list(case['args'])
    if case['executable_hex'] is not None:
        args[3] = os.fsdecode(bytes.fromhex(case['executable_hex']))
    engine(*args, load)


def finders():
    return [f for f in sys.meta_path if getattr(f, MARKER, False)]


def pending_of(finder):
    fn = type(finder).find_spec
    names = fn.__code__.co_freevars
    cells = dict(zip(names, [c.cell_contents for c in fn.__closure__ or ()]))
    pending = cells.get('pending', {})
    return [(name, hook.__name__) for name, hook in pending.items()]


def snapshot():
    import _posixsubprocess
    import multiprocessing as mp
    import multiprocessing.forkserver
    import multiprocessing.spawn
    return {
        'frozen': repr(getattr(sys, 'frozen', None)),
        'method': mp.context._default_context._default_context._name,
        'executable': os.fsencode(mp.spawn.get_executable()).hex(),
        'preload': list(mp.forkserver._forkserver._preload_modules),
        'marks': bool(getattr(_posixsubprocess.fork_exec, 'mpconfig_marks', False)),
        'finders': [(type(f).__name__, pending_of(f)) for f in finders()],
    }


def child_mark():
    out = subprocess.run(
        [sys.executable, '-I', '-S', '-c',
         'import os; print(os.environ.get("MPCONFIG_CHILD"))'],
        stdout=subprocess.PIPE, check=True)
    return out.stdout.decode().strip()


calls = []


def set_forkserver_preload_315(modules_names, *, on_error='ignore'):
    # CPython 3.15's signature, recording.
    calls.append([list(modules_names), on_error])


def attempt(run, case):
    platform = sys.platform
    error = None
    del calls[:]
    if data['fresh']:
        return attempt_fresh(run, case)
    native = multiprocessing.forkserver.set_forkserver_preload
    if case['preload_api'] == '3.15':
        multiprocessing.forkserver.set_forkserver_preload = set_forkserver_preload_315
    try:
        if case['platform'] == 'win32':
            sys.platform = 'win32'
        try:
            run(case)
        finally:
            sys.platform = platform
    except Exception as exc:  # noqa: BLE001 - the outcome compared
        error = '%s: %s' % (type(exc).__name__, exc)
    multiprocessing.forkserver.set_forkserver_preload = native
    result = {'error': error, 'state': snapshot(), 'preload_calls': list(calls)}
    if case['child'] and error is None:
        result['child'] = child_mark()
    return result


def attempt_fresh(run, case):
    # The on-import path: the bootstrap first, then the imports.
    error = None
    try:
        run(case)
        import multiprocessing  # noqa: F401 - hooked
    except Exception as exc:  # noqa: BLE001 - the outcome compared
        error = '%s: %s' % (type(exc).__name__, exc)
    result = {'error': error, 'state': snapshot()}
    if case['child'] and error is None:
        result['child'] = child_mark()
    return result


mismatches = []
checked = 0
if data['fresh']:
    case = data['cases'][0]
    which = data['which']
    print(json.dumps(attempt(run_rendered if which == 'rendered' else run_engine, case)))
    sys.exit(0)

import _posixsubprocess  # noqa: E402
import multiprocessing  # noqa: E402
import multiprocessing.forkserver  # noqa: E402
import multiprocessing.spawn  # noqa: E402

original = (
    multiprocessing.context._default_context._default_context,
    multiprocessing.spawn.get_executable(),
    list(multiprocessing.forkserver._forkserver._preload_modules),
    _posixsubprocess.fork_exec,
)


def reset():
    for f in finders():
        sys.meta_path.remove(f)
    if hasattr(sys, 'frozen'):
        del sys.frozen
    multiprocessing.context._default_context._default_context = original[0]
    multiprocessing.spawn._python_exe = original[1]
    multiprocessing.forkserver._forkserver._preload_modules = list(original[2])
    _posixsubprocess.fork_exec = original[3]


for case in data['cases']:
    checked += 1
    reset()
    rendered = attempt(run_rendered, case)
    reset()
    engined = attempt(run_engine, case)
    reset()
    if rendered != engined and len(mismatches) < 20:
        mismatches.append({'case': case['label'], 'rendered': rendered, 'engine': engined})

print(json.dumps({'checked': checked, 'mismatches': mismatches}))
