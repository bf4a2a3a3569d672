"""Load and soak: REPS times a fresh Pool(WORKERS) of METHOD maps TASKS
tasks, in this one process.

Usage: soak.py METHOD TASKS WORKERS REPS

After each repetition prints one JSON line: the repetition, how many
results were wrong or missing, how many distinct workers answered, and
this process's own VmRSS (KiB, from /proc/self/status). Exits 1 if any
result was wrong.
"""
import json
import multiprocessing as mp
import os
import sys


def work(i):
    return i, i * i + 1, os.getpid()


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main():
    method, tasks, workers, reps = sys.argv[1], *map(int, sys.argv[2:5])
    ctx = mp.get_context(method)
    total_wrong = 0
    for rep in range(1, reps + 1):
        with ctx.Pool(workers) as pool:
            got = pool.map(work, range(tasks), chunksize=1)
        wrong = tasks - sum(1 for k, (i, v, _) in enumerate(got) if i == k and v == k * k + 1)
        total_wrong += wrong
        pids = len({pid for _, _, pid in got})
        print(json.dumps({"rep": rep, "tasks": len(got), "wrong": wrong,
                          "workers": pids, "rss_kib": rss_kib()}), flush=True)
    sys.exit(1 if total_wrong else 0)


if __name__ == "__main__":
    main()
