"""Runs `sys.executable` as a general interpreter, as libraries do, with
each kind of command line `python` takes, and prints one JSON object per
case: the status and the output, `sys.executable` written as <EXE>. Run
under python3 and inside the host (`mpconfig run --python-cli`), the
output must be the same.

Usage: python_cli.py DIR   (a scratch directory for the script cases)
"""
import json
import os
import subprocess
import sys

EXE = sys.executable
DIR = os.path.realpath(sys.argv[1])
SCRIPT = os.path.join(DIR, "script.py")
with open(SCRIPT, "w") as f:
    f.write(
        "import os, sys\n"
        "print(sys.argv[1:], sys.path[0] == os.path.dirname(os.path.abspath(__file__)))\n"
        "print(__name__, sys.flags.optimize, sys.flags.ignore_environment)\n"
        "import faulthandler; print('faulthandler', faulthandler.is_enabled())\n"
    )
PKG = os.path.join(DIR, "pkg")
os.makedirs(PKG, exist_ok=True)
with open(os.path.join(PKG, "__init__.py"), "w") as f:
    f.write("")
with open(os.path.join(PKG, "__main__.py"), "w") as f:
    f.write("import sys\nprint('module', __name__, __spec__.name, sys.argv[1:])\n")

POOL = (
    "import multiprocessing as mp, sys\n"
    "if __name__ == '__main__':\n"
    "    for method in ('fork', 'forkserver', 'spawn'):\n"
    "        with mp.get_context(method).Pool(2) as pool:\n"
    "            print(method, pool.map(abs, [-1, -2, -3]))\n"
)

CASES = [
    # name, arguments after the executable, stdin
    ("c", ["-c", "import sys; print(sys.argv, __name__)", "a", "-b"], None),
    ("options", ["-E", "-S", "-O", "-c",
                 "import sys; print(sys.flags.ignore_environment, sys.flags.no_site, "
                 "sys.flags.optimize, 'site' in sys.modules)"], None),
    ("isolated", ["-I", "-c", "import sys; print(sys.flags.isolated, sys.flags.safe_path "
                  "if hasattr(sys.flags, 'safe_path') else None, sys.path[0] != '')"], None),
    ("script", ["-X", "faulthandler", SCRIPT, "x", "--y"], None),
    ("script -E -O", ["-E", "-O", SCRIPT], None),
    ("module", ["-m", "pkg", "z"], None),
    ("module json.tool", ["-m", "json.tool"], b'{"b": 1, "a": [2]}'),
    ("stdin", [], b"import sys\nprint('from stdin', sys.argv)\n"),
    ("stdin -", ["-", "arg"], b"import sys\nprint('from stdin', sys.argv)\n"),
    ("exit 3", ["-c", "raise SystemExit(3)"], None),
    ("exit str", ["-c", "import sys; sys.exit('bye')"], None),
    ("exception", ["-c", "1/0"], None),
    ("keyboard interrupt", ["-c", "raise KeyboardInterrupt"], None),
    ("version", ["--version"], None),
    ("bad option", ["-Z"], None),
    ("missing script", [os.path.join(DIR, "missing.py")], None),
    ("executable", ["-c", "import sys; print(sys.executable == sys.argv[1])", EXE], None),
    ("warnings", ["-W", "error::DeprecationWarning", "-c",
                  "import sys; print(sys.warnoptions)"], None),
    ("nested", ["-c", "import subprocess, sys; r = subprocess.run([sys.executable, '-c', "
                "'print(6 * 7)'], capture_output=True, text=True); print(r.returncode, r.stdout.strip())"],
     None),
    ("pools", ["-c", POOL], None),
    ("own environment", ["-c", "import os; print(sorted(k for k in os.environ "
                         "if not k.startswith('MPCONFIG_')))"], None),
]

# Cases started with an environment of the program's making.
ENVS = {"own environment": {"ONLY": "this"}}


def main():
    for name, args, stdin in CASES:
        try:
            r = subprocess.run([EXE] + args, input=stdin if stdin is not None else b"",
                               capture_output=True, cwd=DIR, env=ENVS.get(name))
        except RuntimeError as e:
            # A host that does not run such a command line may refuse it
            # before it starts (the bootstrap asks the host).
            print(json.dumps({"case": name, "refused": str(e)}), flush=True)
            continue
        out = r.stdout.decode(errors="replace").replace(EXE, "<EXE>")
        err = r.stderr.decode(errors="replace").replace(EXE, "<EXE>")
        print(json.dumps({"case": name, "status": r.returncode, "stdout": out,
                          "stderr": err}), flush=True)


if __name__ == "__main__":
    main()
