"""CPython's resource tracker test case (test_resource_tracker in
Lib/test/_test_multiprocessing.py) as a program: two named resources of
RTYPE registered with the resource tracker, the first unlinked by someone
else (the test's parent does it; here the program itself, through the same
call), then the program waits to be killed by SIGTERM.

Usage: tracker_sigterm.py semaphore|shared_memory
Prints the two names, then READY.
"""
import sys
import time
import multiprocessing as mp
from multiprocessing.shared_memory import SharedMemory

mp.set_start_method("spawn")
rtype = sys.argv[1]


def create_and_register_resource(rtype):
    if rtype == "semaphore":
        lock = mp.Lock()
        return lock, lock._semlock.name
    sm = SharedMemory(create=True, size=10)
    return sm, sm._name


def unlink(name, rtype):
    # What the test's _resource_unlink does.
    if rtype == "semaphore":
        import _multiprocessing
        _multiprocessing.sem_unlink(name)
    else:
        import _posixshmem
        _posixshmem.shm_unlink(name)


resource1, rname1 = create_and_register_resource(rtype)
resource2, rname2 = create_and_register_resource(rtype)
unlink(rname1, rtype)
print(rname1)
print(rname2)
print("READY", flush=True)
time.sleep(60)
