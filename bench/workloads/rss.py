"""Peak RSS of the whole tree: Pool(2).map over 100 tiny tasks with the start
method in argv[1], then, with the workers still alive, the sum of VmHWM (peak
resident set) of this process and every live descendant (workers, fork
server, resource tracker), and the sum of their PSS (proportional set size:
a page shared by k processes counts 1/k in each, so the tree's memory is
counted once), and that PSS by what is mapped (`/proc/PID/smaps`): the
process's own executable, libpython, other files (shared libraries,
extension modules, locale data), heap and anonymous memory, the rest
(stacks, vdso); prints {"peak_rss_kib": …, "pss_kib": …, "processes": …,
"pss_by_mapping_kib": {…}}."""
import json
import multiprocessing as mp
import os
import sys


def tiny(x):
    return x + 1


def field_kib(path, name):
    with open(path) as f:
        for line in f:
            if line.startswith(name):
                return int(line.split()[1])
    return 0


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if fields[0] not in ("Z", "X"):
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def pss_by_mapping(pid, into):
    exe = os.path.realpath(f"/proc/{pid}/exe")
    kind = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split(None, 5)
            if "-" in head[0] and len(head) >= 5 and ":" in head[3]:
                path = head[5].strip() if len(head) > 5 else ""
                if path and os.path.realpath(path) == exe:
                    kind = "executable"
                elif os.path.basename(path).startswith("libpython"):
                    kind = "libpython"
                elif path.startswith("/"):
                    kind = "other files"
                elif path in ("", "[heap]"):
                    kind = "heap and anonymous"
                else:
                    kind = "rest"
            elif head[0] == "Pss:":
                into[kind] = into.get(kind, 0) + int(head[1])


if __name__ == "__main__":
    mp.freeze_support()
    with mp.get_context(sys.argv[1]).Pool(2) as pool:
        assert pool.map(tiny, range(100)) == list(range(1, 101))
        pids = [os.getpid()] + descendants(os.getpid())
        rss = pss = 0
        by_mapping = {}
        for pid in pids:
            try:
                rss += field_kib(f"/proc/{pid}/status", "VmHWM:")
                pss += field_kib(f"/proc/{pid}/smaps_rollup", "Pss:")
                pss_by_mapping(pid, by_mapping)
            except OSError:
                pass
    print(json.dumps({"peak_rss_kib": rss, "pss_kib": pss, "processes": len(pids),
                      "pss_by_mapping_kib": by_mapping}))
