#!/usr/bin/env python3
"""The Python half of the bootstrap fuzz target's checks, over a directory
written by examples/render_bootstrap_corpus.rs (run by
check_bootstrap_corpus.sh, after `python3 -m py_compile` on every file).

    check_bootstrap_corpus.py DIR

For every rendered bootstrap, against what its config asked for
(DIR/manifest.jsonl):

1. the header names the origin: its literal evaluates to exactly the
   origin string;
2. apply = "on-import": running it imports nothing (sys.modules is the same
   set before and after; in particular 'multiprocessing' is not in it) —
   all of them in one interpreter that never imports multiprocessing,
   state reset between files;
3. in an interpreter where multiprocessing is imported (so both modes apply
   at once): running it raises nothing, and afterwards the default context
   is the configured start method, spawn.get_executable() is the configured
   executable (a path: exactly its bytes), the forkserver preload list is
   exactly the configured module names, and sys.frozen is set iff asked
   (with the multiprocessing family off: multiprocessing as it was, and
   sys.frozen as asked);
4. a sample of on-import bootstraps, each in a fresh interpreter: after
   `import multiprocessing`, the same effects hold (the import hook works).

Prints one line per failure and exits 1 if there is any.
"""

import ast
import json
import os
import subprocess
import sys

HEADER = "# mpconfig bootstrap for "
SAMPLE = 12


def load(directory):
    with open(os.path.join(directory, "manifest.jsonl")) as f:
        entries = [json.loads(line) for line in f]
    for e in entries:
        with open(os.path.join(directory, e["file"])) as f:
            e["source"] = f.read()
    return entries


def check_header(e, failures):
    first = e["source"].split("\n", 1)[0]
    if e["origin"] is None:
        if first != "# mpconfig bootstrap":
            failures.append("%s: header %r" % (e["file"], first))
        return
    if not first.startswith(HEADER):
        failures.append("%s: header %r" % (e["file"], first))
        return
    try:
        origin = ast.literal_eval(first[len(HEADER):])
    except Exception as exc:  # noqa: BLE001 - any failure is the finding
        failures.append("%s: header literal does not evaluate: %r" % (e["file"], exc))
        return
    if origin != e["origin"]:
        failures.append("%s: header names %r, config %r" % (e["file"], origin, e["origin"]))


# Runs in a child interpreter: argv[1] is a JSON list of [name, source].
IMPORTS_NOTHING = r"""
import json, sys
failures = []
for name, source in json.load(open(sys.argv[1])):
    before = set(sys.modules)
    try:
        exec(compile(source, name, 'exec'), {'__name__': '__mpconfig_fuzz__'})
    except BaseException as exc:
        failures.append('%s: raised %r' % (name, exc))
    new = sorted(set(sys.modules) - before)
    if new:
        failures.append('%s: on-import bootstrap imported %s' % (name, new))
    for f in [f for f in sys.meta_path if getattr(f, 'mpconfig_bootstrap', False)]:
        sys.meta_path.remove(f)
    if hasattr(sys, 'frozen'):
        del sys.frozen
print(json.dumps(failures))
"""

# Runs in a child interpreter: argv[1] is a JSON list of manifest entries.
EFFECTS = r"""
import json, os, sys
failures = []
entries = json.load(open(sys.argv[1]))
fresh = entries[0].get('fresh', False)
original = None
if not fresh:
    import multiprocessing.spawn
    original = (multiprocessing.context._default_context._default_context,
                multiprocessing.spawn.get_executable())
for e in entries:
    name = e['file']
    try:
        exec(compile(e['source'], name, 'exec'), {'__name__': '__mpconfig_fuzz__'})
        import multiprocessing as mp
        import multiprocessing.forkserver, multiprocessing.spawn
    except BaseException as exc:
        failures.append('%s: raised %r' % (name, exc))
        continue
    # The settings apply to multiprocessing only when its family is on;
    # otherwise the bootstrap must leave it as CPython made it.
    applies = 'multiprocessing' in e['families']
    method = e['start_method']
    expected = {'auto': 'spawn' if sys.platform == 'win32' else 'fork'}.get(method, method)
    got = mp.context._default_context._default_context._name
    if method == 'none' or not applies:
        if original is not None and got != original[0]._name:
            failures.append('%s: start_method %s (families %s) changed the default to %s'
                            % (name, method, e['families'], got))
    elif got != expected:
        failures.append('%s: default start method %s, expected %s' % (name, got, expected))
    exe = mp.spawn.get_executable()
    kind = e['executable']
    if not applies:
        unchanged = original[1] if original is not None else sys.executable
        ok = os.fsencode(exe) == os.fsencode(unchanged)
    elif kind == 'host':
        ok = os.fsencode(exe) == os.fsencode(sys.executable)
    elif kind == 'python':
        ok = os.path.isfile(exe)
    else:
        ok = os.fsencode(exe) == bytes.fromhex(e['executable_hex'])
    if not ok:
        failures.append('%s: executable %r for %s %r' % (name, exe, kind, e['executable_hex']))
    preload = mp.forkserver._forkserver._preload_modules
    wanted = (e['forkserver_preload'] if applies else []) or ['__main__']
    if sys.platform != 'win32' and preload != wanted:
        failures.append('%s: forkserver preload %r, expected %r' % (name, preload, wanted))
    if hasattr(sys, 'frozen') != e['sys_frozen']:
        failures.append('%s: sys.frozen %s' % (name, 'set' if hasattr(sys, 'frozen') else 'unset'))
    if hasattr(sys, 'frozen'):
        del sys.frozen
    if original is None:
        continue
    mp.context._default_context._default_context = original[0]
    mp.set_executable(original[1])
    mp.set_forkserver_preload(['__main__'])
print(json.dumps(failures))
"""


def run_child(python, script, payload, directory, tag):
    path = os.path.join(directory, "payload-%s.json" % tag)
    with open(path, "w") as f:
        json.dump(payload, f)
    proc = subprocess.run(
        [python, "-I", "-c", script, path], capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        return ["%s: interpreter exited %d: %s" % (tag, proc.returncode, proc.stderr[-2000:])]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory = sys.argv[1]
    python = os.environ.get("PYTHON", sys.executable)
    entries = load(directory)
    failures = []
    for e in entries:
        check_header(e, failures)

    on_import = [e for e in entries if e["apply"] == "on-import"]
    failures += run_child(
        python, IMPORTS_NOTHING, [[e["file"], e["source"]] for e in on_import], directory, "imports"
    )
    failures += run_child(python, EFFECTS, entries, directory, "effects")
    for i, e in enumerate(on_import[:: max(1, len(on_import) // SAMPLE)][:SAMPLE]):
        failures += run_child(python, EFFECTS, [dict(e, fresh=True)], directory, "fresh-%d" % i)

    for line in failures:
        print("FAIL " + line)
    print(
        "bootstrap corpus: %d files (%d on-import), %d failures, %s"
        % (len(entries), len(on_import), len(failures), python)
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
