"""The host's _mpconfig_host.child_digest against the digest py/provenance.py
computes with hashlib outside the host, for command lines with empty,
non-UTF-8, long and many arguments. Prints the number of argvs compared and
the mismatches, as JSON."""
import hashlib
import json

from _mpconfig_host import child_digest


def with_hashlib(argv):
    h = hashlib.sha256()
    for arg in argv[1:]:
        h.update(len(arg).to_bytes(8, "little"))
        h.update(arg)
    return h.hexdigest()


argvs = [
    [b"host"],
    [b"host", b""],
    [b"host", b"-c", b"from multiprocessing.resource_tracker import main;main(5)"],
    [b"host", b"--multiprocessing-fork", b"tracker_fd=5", b"pipe_handle=7"],
    [b"/x/host", b"\xff\xfe\x00\x01", "\u00e9\u20ac".encode()],
    [b"host", b"a" * 100000, b"b"],
    [b"host"] + [str(i).encode() for i in range(1000)],
]
bad = [repr(a)[:80] for a in argvs if child_digest(a) != with_hashlib(a)]
print(json.dumps({"compared": len(argvs), "mismatches": bad}))
