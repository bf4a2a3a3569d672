"""Runs CPython's own multiprocessing tests (the interpreter's
`test._test_multiprocessing`) for one start method and records every test's
outcome, one JSON object a line. The same file runs under `python3` and
under `mpconfig run`, so the two can be compared test by test.

    MPSUITE_METHOD=fork|forkserver|spawn  the start method (as
        test.test_multiprocessing_<METHOD> installs the tests)
    MPSUITE_TYPES=processes,threads,manager,misc  which groups (default all):
        the `With<Type>…` classes of each type, and `misc` the plain
        TestCase classes (3.12's test_multiprocessing_<METHOD>/test_misc.py)
    MPSUITE_TIMEOUT=SECONDS  a test running longer is a hang: its stack is
        dumped and the run ends (exit 3), the caller resumes after it

    driver.py OUT [--exclude FILE] [TEST...]

OUT gets `{"start": ID}` before each test and `{"test": ID, "outcome": …}`
after it (ok, fail, error, skip, xfail, xpass); `{"done": true}` once the
whole selection ran. TEST is `Class.method`; FILE lists test ids to leave
out (those an interrupted run already finished).

The tests are installed at module level, as the test_multiprocessing_*
modules do: a spawn or forkserver child imports this file as `__mp_main__`
and must find the same classes (MPSUITE_METHOD is in its environment).
"""
import faulthandler
import json
import os
import sys
import unittest

from test import _test_multiprocessing as _tm

METHOD = os.environ["MPSUITE_METHOD"]
TYPES = [t for t in os.environ.get("MPSUITE_TYPES", "").split(",") if t] or [
    "processes", "threads", "manager", "misc"]
for _type in TYPES:
    if _type == "misc":
        _tm.install_tests_in_module_dict(globals(), METHOD, exclude_types=True)
    else:
        _tm.install_tests_in_module_dict(globals(), METHOD, only_type=_type)


def short_id(test):
    # `__main__.Class.method` (or `__mp_main__`…) → `Class.method`, with a
    # subtest's ` (params)` kept.
    name = test.id()
    for prefix in ("__main__.", "__mp_main__."):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


class Recorder(unittest.TextTestResult):
    out = None
    timeout = None

    def _write(self, record):
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()

    def _outcome(self, test, outcome, detail=""):
        record = {"test": short_id(test), "outcome": outcome}
        if detail:
            record["detail"] = detail[-4000:]
        self._write(record)

    def startTest(self, test):
        self._write({"start": short_id(test)})
        if self.timeout:
            faulthandler.dump_traceback_later(self.timeout, exit=True)
        super().startTest(test)

    def stopTest(self, test):
        if self.timeout:
            faulthandler.cancel_dump_traceback_later()
        super().stopTest(test)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._outcome(test, "ok")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._outcome(test, "fail", self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        self._outcome(test, "error", self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._outcome(test, "skip", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._outcome(test, "xfail")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._outcome(test, "xpass")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            kept = self.failures if failed else self.errors
            self._outcome(subtest, "fail" if failed else "error", kept[-1][1])


def tests_in(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from tests_in(item)
        else:
            yield item


def select(suite, wanted, excluded):
    # Keeps the module's suite structure (setUpModule, setUpClass) and drops
    # the tests not wanted.
    kept = unittest.TestSuite()
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            inner = select(item, wanted, excluded)
            if inner.countTestCases():
                kept.addTest(inner)
        else:
            name = short_id(item)
            if name in excluded or (wanted and name not in wanted):
                continue
            kept.addTest(item)
    return kept


def main():
    args = sys.argv[1:]
    out_path = args.pop(0)
    excluded = set()
    if args[:1] == ["--exclude"]:
        with open(args[1]) as f:
            excluded = {line.strip() for line in f if line.strip()}
        args = args[2:]
    wanted = set(args)
    module = sys.modules["__main__"]
    suite = select(unittest.defaultTestLoader.loadTestsFromModule(module),
                   wanted, excluded)
    with open(out_path, "a") as out:
        Recorder.out = out
        timeout = os.environ.get("MPSUITE_TIMEOUT")
        Recorder.timeout = float(timeout) if timeout else None
        runner = unittest.TextTestRunner(verbosity=2, resultclass=Recorder)
        result = runner.run(suite)
        out.write(json.dumps({"done": True}) + "\n")
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
