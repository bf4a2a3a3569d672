"""Tables for BENCHMARKS.md from compare.json (bench/lib/compare.py), the
`mpconfig check` hyperfine export and criterion's estimates.

Usage: report.py OUT_DIR BASE_SYSTEM  → prints markdown on stdout.

Every ratio is a cost ratio, BASE / other: below 1 the base system (the
mpconfig host) is faster, or smaller. For throughput the cost is time per
task (the inverse of tasks/s). Ratios are computed pair by pair: round r of
the base against round r of the other system, which ran next to it in the
same rotation; reported as the median of those ratios with their min–max.
"""
import glob
import json
import os
import statistics
import sys

out_dir, bases = sys.argv[1], sys.argv[2].split(",")
data = json.load(open(os.path.join(out_dir, "compare.json")))
systems = list(data["systems"])
by = {(r["case"], r["method"], r["system"]): r for r in data["results"]}
med = statistics.median

# Rows: (label, method, unit, higher_is_better, per-run values function).
def wall(case):
    return lambda s, m: [x["wall"] * 1e3 for x in by[(case, m, s)]["runs"]]


def metric(case, key, scale=1.0):
    return lambda s, m: [x[key] * scale for x in by[(case, m, s)]["runs"]]


def worker_cost(s, m):
    one = [x["wall"] for x in by[("workers-1", m, s)]["runs"]]
    five = [x["wall"] for x in by[("workers-5", m, s)]["runs"]]
    return [(b - a) / 4 * 1e3 for a, b in zip(one, five)]


def error(cases, s, m):
    for c in cases:
        e = by[(c, m, s)]["error"]
        if e:
            return e
    return None


ROWS = [("start-up, empty program", None, "ms", False, wall("empty"), ["empty"])]
for m in ["fork", "forkserver", "spawn"]:
    ROWS += [
        ("Pool(2).map, 100 tiny tasks", m, "ms", False, wall("pool-map"), ["pool-map"]),
        ("first result, fresh ProcessPoolExecutor(4)", m, "ms", False,
         metric("first-result", "first_result_ms"), ["first-result"]),
        ("cost of one more worker (Pool(5) − Pool(1)) / 4", m, "ms", False, worker_cost,
         ["workers-1", "workers-5"]),
        ("throughput, 10,000 tasks", m, "tasks/s", True, metric("throughput", "tasks_per_s"),
         ["throughput"]),
        ("peak RSS, parent + children", m, "MiB", False,
         metric("peak-rss", "peak_rss_kib", 1 / 1024), ["peak-rss"]),
        ("PSS, parent + children (shared pages counted once)", m, "MiB", False,
         metric("peak-rss", "pss_kib", 1 / 1024), ["peak-rss"]),
    ]
if ("joblib", "loky", systems[0]) in by:
    for m in ["loky", "fork", "forkserver", "spawn"]:
        ROWS.append(("joblib Parallel(n_jobs=2), 1,000 tiny tasks", m, "ms", False,
                     wall("joblib"), ["joblib"]))


def fmt(v, unit):
    if unit == "tasks/s":
        return f"{v:,.0f}"
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def cell(values, unit, err):
    if err:
        return "fails"
    if not values:
        return "—"
    return f"{fmt(med(values), unit)} ({fmt(min(values), unit)}–{fmt(max(values), unit)})"


print(f"Median over {data['runs']} runs per system, (min–max); times in ms unless noted.")
print()
print("| workload | method | unit | " + " | ".join(systems) + " |")
print("|---|---|---|" + "---:|" * len(systems))
failures = []
for label, m, unit, _, values, cases in ROWS:
    cells = []
    for s in systems:
        err = error(cases, s, m)
        if err:
            failures.append((label, m, s, err))
        cells.append(cell(values(s, m) if not err else [], unit, err))
    print(f"| {label} | {m or '—'} | {unit} | " + " | ".join(cells) + " |")

if failures:
    print()
    print("Failures (the run's exit status or time-out, and the last line of its stderr):")
    print()
    seen = set()
    for label, m, s, err in failures:
        if (s, m, err) in seen:
            continue
        seen.add((s, m, err))
        print(f"- **{s}**, {m}: {err.replace('|', '/')}")


def ratio(base, other, m, values, higher):
    a, b = values(base, m), values(other, m)
    if not a or not b:
        return None
    pairs = [(y / x if higher else x / y) for x, y in zip(a, b) if x > 0 and y > 0]
    overall = (med(b) / med(a)) if higher else (med(a) / med(b))
    return overall, min(pairs), max(pairs)


def noisy(values):
    """Per-round values that cross zero: a difference smaller than the noise."""
    return bool(values) and min(values) <= 0


# Goals (issue 8): the host with its defaults within 5 % of python3, and the
# fastest host configuration ahead of every peer that works. Ratios between
# two mpconfig configurations are shown, not judged.
peers = [s for s in systems if not s.startswith(("python3", "mpconfig"))]
fastest = bases[-1]
misses = []
for base in bases:
    others = [s for s in systems if s != base]
    print()
    print(f"Cost ratios, **{base}** / other (below 1: {base} is faster or smaller); ratio of the medians, [min–max of the per-round ratios]:")
    print()
    print("| workload | method | " + " | ".join(f"{base} / {o}" for o in others) + " |")
    print("|---|---|" + "---:|" * len(others))
    for label, m, unit, higher, values, cases in ROWS:
        cells = []
        for o in others:
            if error(cases, base, m):
                cells.append(f"{base} fails")
                continue
            if error(cases, o, m):
                cells.append(f"{o} fails")
                continue
            if noisy(values(base, m)) or noisy(values(o, m)):
                cells.append("within noise")
                continue
            r = ratio(base, o, m, values, higher)
            if r is None:
                cells.append("—")
                continue
            cells.append(f"{r[0]:.3f} [{r[1]:.2f}–{r[2]:.2f}]")
            if base == bases[0] and o.startswith("python3"):
                goal = 1.05
            elif base == fastest and o in peers:
                goal = 1.0
            else:
                continue
            if r[0] > goal:
                spans = " — the per-round ratios span the goal" if r[1] <= goal else ""
                misses.append(f"{base} / {o}: {label}, {m or 'no method'}: {r[0]:.3f} [{r[1]:.2f}–{r[2]:.2f}] (goal ≤ {goal}){spans}")
        print(f"| {label} | {m or '—'} | " + " | ".join(cells) + " |")

print()
goals = f"{bases[0]} ≤ 1.05 × python3 on every workload; {fastest} ahead of every peer that works"
if misses:
    print(f"Goals ({goals}) not met in this run:")
    print()
    for x in misses:
        print(f"- {x}")
else:
    print(f"Every goal met in this run ({goals}).")

# Memory: the PSS of the peak-RSS runs by what is mapped (rss.py), medians.
KINDS = ["executable", "libpython", "other files", "heap and anonymous", "rest"]
for m in ["fork", "forkserver", "spawn"]:
    rows = []
    for s in systems:
        runs = by.get(("peak-rss", m, s), {}).get("runs", [])
        maps = [r.get("pss_by_mapping_kib") for r in runs if r.get("pss_by_mapping_kib")]
        if maps and not by[("peak-rss", m, s)]["error"]:
            rows.append((s, [med([x.get(k, 0) for x in maps]) / 1024 for k in KINDS],
                         med([r["pss_kib"] for r in runs]) / 1024))
    if not rows:
        continue
    if m == "fork":
        print()
        print("PSS of the peak-RSS runs by what is mapped (`/proc/PID/smaps` of every process of the tree), "
              "MiB, medians: *executable* is each process's own binary (python3's is a 20 KB stub over "
              "libpython; the host's is itself, the frozen tools' their launcher).")
    print()
    print(f"| {m} | " + " | ".join(KINDS) + " | total |")
    print("|---|" + "---:|" * (len(KINDS) + 1))
    for s, values, total in rows:
        print(f"| {s} | " + " | ".join(f"{v:.2f}" for v in values) + f" | {total:.2f} |")

# Config tooling.
check = os.path.join(out_dir, "check.json")
if os.path.exists(check):
    print()
    print("Config tooling:")
    print()
    print("| measurement | median | min–max | goal |")
    print("|---|---:|---:|---:|")
    for r in json.load(open(check))["results"]:
        t = [x * 1e3 for x in r["times"]]
        command = "mpconfig " + r["command"].split(" ", 1)[1]
        print(f"| `{command}` (process wall, {len(t)} runs) | {med(t):.2f} ms | {min(t):.2f}–{max(t):.2f} ms | < 5 ms |")
    for est in sorted(glob.glob("target/criterion/*/new/estimates.json")):
        name = est.split("/")[2]
        e = json.load(open(est))
        sample = json.load(open(est.replace("estimates.json", "sample.json")))
        per = [t / n / 1e3 for t, n in zip(sample["times"], sample["iters"])]
        goal = "< 50 µs" if name.startswith("validate") else ""
        print(f"| criterion: {name} (in-process) | {e['median']['point_estimate'] / 1e3:.2f} µs | {min(per):.2f}–{max(per):.2f} µs | {goal} |")
