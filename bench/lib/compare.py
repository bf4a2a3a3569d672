"""Side-by-side runs of the bench/workloads scripts under several systems
(python3, the mpconfig host, frozen builds), alternating run by run.

Usage: compare.py SYSTEMS_JSON OUT_DIR RUNS

SYSTEMS_JSON maps a system name to {"kind": ..., "argv": [...]}: for kind
"interpreter" (python3, the host) workload NAME runs as argv +
[bench/workloads/NAME.py, args...]; for kind "frozen" as argv with "{name}"
replaced by NAME, + args (one frozen build per workload). Each case runs
RUNS rounds; every round runs each system once, the order rotated round by
round. A system that fails a case (non-zero exit or TIMEOUT seconds, default
30) is not run again for it: the error is the result. The joblib cases run
with PYTHONPATH=$JOBLIB_PYTHONPATH (a venv's site-packages with joblib; the
frozen builds carry their own copy) and are left out when it is unset. Writes
OUT_DIR/compare.json (every run) and prints progress to stderr.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

WORKLOADS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workloads")
METHODS = ["fork", "forkserver", "spawn"]
# (case, workload, arguments after the method); the method is argv[1].
CASES = [("empty", "empty", None, [])]
for m in METHODS:
    CASES += [
        ("pool-map", "pool_map", m, []),
        ("first-result", "first_result", m, []),
        ("workers-1", "workers", m, ["1"]),
        ("workers-5", "workers", m, ["5"]),
        ("throughput", "throughput", m, []),
        ("peak-rss", "rss", m, []),
    ]
# joblib Parallel(n_jobs=2), 1,000 tasks: its default backend (loky) and its
# multiprocessing backend with each start method.
JOBLIB = os.environ.get("JOBLIB_PYTHONPATH")
if JOBLIB:
    for m in ["loky"] + METHODS:
        CASES.append(("joblib", "joblib_parallel", m, []))
TIMEOUT = float(os.environ.get("TIMEOUT", "30"))


def command(system, workload, args):
    if system["kind"] == "interpreter":
        return system["argv"] + [os.path.join(WORKLOADS, workload + ".py")] + args
    return [a.replace("{name}", workload) for a in system["argv"]] + args


def run_once(argv, env=None):
    """Wall time, CPU time (user + system of the process and of the children
    it waited for, from wait4), the metrics of the last stdout line, or the
    error: exit status or time-out, and the last line of stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             start_new_session=True, env=env)
        done = {}

        def wait():
            _, status, usage = os.wait4(p.pid, 0)
            done["wall"] = time.perf_counter() - t0
            done["status"] = os.waitstatus_to_exitcode(status)
            done["cpu"] = usage.ru_utime + usage.ru_stime

        waiter = threading.Thread(target=wait)
        waiter.start()
        waiter.join(TIMEOUT)
        if waiter.is_alive():
            os.killpg(p.pid, signal.SIGKILL)
            waiter.join()
            p.returncode = done["status"]
            err.seek(0)
            return {"ok": False, "error": f"timed out after {TIMEOUT:.0f} s; " + last_error(err.read())}
        p.returncode = done["status"]
        if done["status"] != 0:
            # Whatever it left behind (a broken pool's workers) goes too.
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            err.seek(0)
            return {"ok": False, "error": f"exit status {done['status']}; " + last_error(err.read())}
        out.seek(0)
        lines = out.read().decode(errors="replace").strip().splitlines()
    metrics = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return {"ok": True, "wall": done["wall"], "cpu": done["cpu"], "metrics": metrics}


def last_error(err):
    text = err.decode(errors="replace").strip().splitlines()
    for line in reversed(text):
        line = line.strip()
        if line and not line.startswith(("File ", "^", "~")) and "warnings.warn" not in line:
            return line[:200]
    return "(no output)"


def main():
    systems = json.load(open(sys.argv[1]))
    out_dir, runs = sys.argv[2], int(sys.argv[3])
    names = list(systems)
    results = []
    for case, workload, method, extra in CASES:
        args = ([method] if method else []) + extra
        label = case + (f" {method}" if method else "")
        times = {n: [] for n in names}
        failed = {}
        for r in range(runs):
            # Rotate the order every round: a change in the machine's load
            # during the case hits every system alike.
            order = names[r % len(names):] + names[: r % len(names)]
            for name in order:
                if name in failed:
                    continue
                env = dict(os.environ, PYTHONPATH=JOBLIB) if case == "joblib" else None
                res = run_once(command(systems[name], workload, args), env)
                if not res["ok"]:
                    failed[name] = res["error"]
                    continue
                times[name].append(res)
        for name in names:
            results.append({
                "case": case, "method": method, "system": name,
                "runs": [{"wall": t["wall"], "cpu": t["cpu"], **t["metrics"]} for t in times[name]],
                "error": failed.get(name),
            })
        print(f"  {label}: " + ", ".join(
            f"{n} {'fails' if n in failed else 'ok'}" for n in names), file=sys.stderr)
    with open(os.path.join(out_dir, "compare.json"), "w") as f:
        json.dump({"systems": systems, "runs": runs, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
