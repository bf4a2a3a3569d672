# Not verbatim: seed 000 (PyOxidizer's guide) has no complete program. This
# runs its "Debugging multiprocessing Problems" checklist and its one code
# snippet, `multiprocessing.set_start_method("fork", force=True)`.
import multiprocessing
import multiprocessing.spawn
import sys


def hello():
    print("child ran", flush=True)


if __name__ == "__main__":
    # 2. Verify the start method.
    print("start method:", multiprocessing.get_start_method())
    # 3. Verify sys.frozen is set.
    print("sys.frozen:", getattr(sys, "frozen", False))
    # 4. spawn.get_executable() can handle --multiprocessing-fork: it is the host.
    print("executable is sys.executable:",
          multiprocessing.spawn.get_executable() in (sys.executable, sys.executable.encode()))
    # The guide's snippet for hosts whose importer does not set the method.
    multiprocessing.set_start_method("fork", force=True)
    p = multiprocessing.Process(target=hello)
    p.start()
    p.join()
    print("exit code:", p.exitcode)
