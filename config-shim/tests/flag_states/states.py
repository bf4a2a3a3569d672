"""Random parent states through the real subprocess._args_from_interpreter_flags.

Prints one JSON line per state: {"args": [hex of each argument]}.
argv[1]: how many states; argv[2]: the seed.

A state is what a running parent can hold: sys.flags (the letters, with
counts up to 200 and -O/-v/-b as PYTHONOPTIMIZE and friends make them),
sys.warnoptions (any text: tabs, escapes, non-ASCII, bytes that are not
UTF-8 as surrogates; plus the entries -b and -X dev add), and sys._xoptions
(the names the C configuration reads, with values it accepts, and, for
the versions that propagate every option, any name).
"""
import json
import os
import random
import subprocess
import sys

count, seed = int(sys.argv[1]), int(sys.argv[2])
REAL_FLAGS = sys.flags
rng = random.Random(seed)
V = sys.version_info[:3]


class Flags:
    def __init__(self, **values):
        self.__dict__.update(values)

    def __getattr__(self, name):
        return 0


def text(rng):
    pool = "abcxyz:_.-= 0123\t\x1b\u00e9\u4e2d\U0001f600\udcff\udc80,;'\"\\/"
    return "".join(rng.choice(pool) for _ in range(rng.randint(1, 24)))


def counted(rng):
    return rng.choice([0, 0, 1, 2, 3, rng.randint(4, 200)])


X_VALUES = {
    "faulthandler": lambda r: r.choice([True, "", "0", text(r)]),
    "tracemalloc": lambda r: r.choice([True, "0", "1", "25", str(r.randint(0, 65535))]),
    "importtime": lambda r: r.choice([True, "1", "2"]),
    "showrefcount": lambda r: r.choice([True, text(r)]),
    "utf8": lambda r: r.choice([True, "0", "1"]),
    "frozen_modules": lambda r: r.choice([True, "on", "off", ""]),
    "gil": lambda r: "1",
    "showalloccount": lambda r: True,
    "oldparser": lambda r: True,
}
SINCE = {"frozen_modules": (3, 11, 5), "gil": (3, 13, 0)}
UNTIL = {"showalloccount": (3, 9, 0), "oldparser": (3, 10, 0)}


def every_name():
    m, p = V[1], V[2]
    return (m == 13 and p >= 13) or (m == 14 and p >= 4) or m > 14


for _ in range(count):
    bw = counted(rng) if rng.random() < 0.3 else 0
    dev = rng.random() < 0.2
    flags = dict(
        optimize=counted(rng), debug=counted(rng) if V < (3, 13) else rng.randint(0, 1),
        dont_write_bytecode=rng.randint(0, 1), no_site=rng.randint(0, 1),
        verbose=counted(rng), bytes_warning=bw,
        quiet=counted(rng) if V < (3, 13) else rng.randint(0, 1),
        dev_mode=dev, utf8_mode=0,
    )
    if rng.random() < 0.3:
        flags["isolated"] = 1
    else:
        flags["ignore_environment"] = rng.randint(0, 1)
        flags["no_user_site"] = rng.randint(0, 1)
        if V >= (3, 11):
            flags["safe_path"] = rng.randint(0, 1)
    warn = list(dict.fromkeys(text(rng) for _ in range(rng.randint(0, 4))))
    if bw > 1:
        warn.append("error::BytesWarning")
    elif bw:
        warn.append("default::BytesWarning")
    if dev:
        warn.append("default")
    x = {}
    for name, make in X_VALUES.items():
        if V < SINCE.get(name, (0,)) or V >= UNTIL.get(name, (9,)):
            continue
        if rng.random() < 0.25:
            x[name] = make(rng)
    if dev:
        x["dev"] = True
    if every_name():
        for _ in range(rng.randint(0, 3)):
            # Names with control characters or bytes that are not UTF-8
            # are refused by mpconfig (and absurd in a real parent).
            name = "".join(c for c in text(rng).split("=")[0]
                           if c.isprintable() and not "\udc80" <= c <= "\udcff")
            if name and name != "dev":
                x[name] = rng.choice([True, text(rng)])
    sys.flags, sys.warnoptions, sys._xoptions = Flags(**flags), warn, x
    try:
        args = subprocess._args_from_interpreter_flags()
    finally:
        sys.flags, sys.warnoptions, sys._xoptions = REAL_FLAGS, [], {}
    print(json.dumps({"args": [os.fsencode(a).hex() for a in args]}))
