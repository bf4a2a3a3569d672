"""The fork server SIGKILLed, then used again.

Usage: forkserver_kill.py

A Process runs (starting the fork server), the server is killed and
reaped, then a Process and a Pool(2) start. (Killing the server under a
live Pool hangs the Pool's next map under python3 3.11 too: not measured.)

Prints one JSON line: what each step gave (an exit code, a result, or the
exception's type and text) and whether a new server was started.
"""
import json
import multiprocessing as mp
import os
import signal
import time
from multiprocessing import forkserver


def square(x):
    return x * x


def dead(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def kill_server():
    pid = forkserver._forkserver._forkserver_pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while not dead(pid) and time.monotonic() < deadline:
        time.sleep(0.005)
    return pid


def attempt(f):
    try:
        return f()
    except Exception as e:  # what the user sees
        return f"{type(e).__name__}: {e}"


def run_process(ctx):
    p = ctx.Process(target=square, args=(3,))
    p.start()
    p.join(60)
    return p.exitcode


def main():
    ctx = mp.get_context("forkserver")
    out = {}
    out["before"] = run_process(ctx)
    old = kill_server()
    out["process"] = attempt(lambda: run_process(ctx))

    def pool():
        with ctx.Pool(2) as p:
            return p.map(square, range(10)) == [x * x for x in range(10)]

    out["pool"] = attempt(pool)
    out["new_server"] = forkserver._forkserver._forkserver_pid not in (None, old)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
