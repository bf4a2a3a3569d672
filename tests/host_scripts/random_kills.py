"""A worker SIGKILLed at a random point, ITERATIONS times in one process.

Usage: random_kills.py METHOD ITERATIONS SEED

Each iteration picks a phase and a random delay:
- "startup": a Process is started and killed 0 ms, 0-5 ms or 0-250 ms later, often while
  it is still starting (a spawn child is then still inside the host
  binary's own start-up); it sends its result through a Pipe;
- "mid-task": a worker is killed 0-100 ms into a 50 ms task;
- "between": the executor's first 8 results are back, a worker is killed
  while idle, and 8 more tasks are submitted 0-100 ms later.

(Not `Pool`: a `Pool` worker killed while idle may hold the task queue's
lock, and the `Pool` then hangs, under python3 as much as in the host.)

(Nor an executor for "startup": a worker killed while it starts can hang
a ProcessPoolExecutor of CPython 3.11, under python3 as much as in the host.)

What the user must see: a Process either sends the right result and exits
0, or exits -9 (SIGKILL) without one; an executor either returns every
result right or raises BrokenProcessPool. Prints one JSON line per iteration and a summary line
(`"summary": true`); exits 1 on any wrong result or other exception.
"""
import json
import multiprocessing as mp
import os
import random
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def task(i, sleep):
    time.sleep(sleep)
    return i * 3


def check(results, n):
    return sum(1 for k, v in enumerate(results) if v != k * 3) + (n - len(results))


def send(conn, i):
    conn.send(task(i, 0))


def process_kill_startup(ctx, rng, it):
    delay = rng.choice((0, rng.uniform(0, 0.005), rng.uniform(0, 0.25)))
    r, w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=send, args=(w, it))
    p.start()
    w.close()
    time.sleep(delay)
    try:
        os.kill(p.pid, signal.SIGKILL)
    except ProcessLookupError:  # done already, and reaped by the fork server
        pass
    p.join(60)
    try:
        got = r.recv() if r.poll(1) else None
    except EOFError:
        got = None
    r.close()
    if p.exitcode == 0:
        return delay, "ok", int(got != it * 3)
    if p.exitcode == -signal.SIGKILL and got in (None, it * 3):
        return delay, "killed", 0
    return delay, f"exitcode {p.exitcode}, sent {got!r}", 1


def executor_kill_mid_task(ctx, rng):
    n = 8
    delay = rng.uniform(0, 0.1)
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        futures = [ex.submit(task, i, 0.05) for i in range(n)]
        deadline = time.monotonic() + 60
        while not any(f.running() for f in futures) and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        victims = list(ex._processes or {})
        if victims:
            os.kill(rng.choice(victims), signal.SIGKILL)
        try:
            return delay, "ok", check([f.result(timeout=60) for f in futures], n)
        except BrokenProcessPool:
            return delay, "broken", 0


def executor_kill_between(ctx, rng):
    delay = rng.uniform(0, 0.1)
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        wrong = check(list(ex.map(task, range(8), [0] * 8, timeout=60)), 8)
        os.kill(rng.choice(list(ex._processes)), signal.SIGKILL)
        time.sleep(delay)
        try:
            futures = [ex.submit(task, i, 0) for i in range(8)]
            return delay, "ok", wrong + check([f.result(timeout=60) for f in futures], 8)
        except BrokenProcessPool:
            return delay, "broken", wrong


def main():
    method, iterations, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ctx = mp.get_context(method)
    rng = random.Random(seed)
    outcomes = {}
    wrong_total = 0
    for it in range(iterations):
        phase = ("startup", "mid-task", "between")[it % 3]
        if phase == "startup":
            delay, outcome, wrong = process_kill_startup(ctx, rng, it)
        elif phase == "mid-task":
            delay, outcome, wrong = executor_kill_mid_task(ctx, rng)
        else:
            delay, outcome, wrong = executor_kill_between(ctx, rng)
        wrong_total += wrong
        key = f"{phase}:{outcome}"
        outcomes[key] = outcomes.get(key, 0) + 1
        print(json.dumps({"it": it, "phase": phase, "delay_ms": round(delay * 1000, 1),
                          "outcome": outcome, "wrong": wrong}), flush=True)
    print(json.dumps({"summary": True, "iterations": iterations, "wrong": wrong_total,
                      "outcomes": outcomes}), flush=True)
    sys.exit(1 if wrong_total else 0)


if __name__ == "__main__":
    main()
