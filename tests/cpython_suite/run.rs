//! One run of `driver.py` (under python3 or inside the host) over a
//! selection of tests, resumed after a test that hangs or kills the run,
//! read back as one outcome per test.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::host_support::{HostRun, Outcome as HostOutcome, Scratch, root};

/// A test that runs longer than this is a hang: the driver dumps its
/// stack and ends, and the run resumes after it.
const TEST_TIMEOUT_S: u32 = 180;
/// The whole of one run; the per-test timeout keeps it far below.
const RUN_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// Resumptions after hangs or crashes before the run gives up.
const MAX_RESUMES: usize = 8;

/// What a test did, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The run died in it: killed by the per-test timeout, or crashed.
    Hang,
    Error,
    Fail,
    /// An expected failure that passed (unittest counts it a failure).
    UnexpectedSuccess,
    Ok,
    ExpectedFailure,
    Skip,
}

impl Verdict {
    fn parse(s: &str) -> Option<Verdict> {
        Some(match s {
            "ok" => Verdict::Ok,
            "fail" => Verdict::Fail,
            "error" => Verdict::Error,
            "skip" => Verdict::Skip,
            "xfail" => Verdict::ExpectedFailure,
            "xpass" => Verdict::UnexpectedSuccess,
            _ => return None,
        })
    }

    /// A failure as unittest (and regrtest) counts it.
    pub fn failed(self) -> bool {
        matches!(
            self,
            Verdict::Hang | Verdict::Error | Verdict::Fail | Verdict::UnexpectedSuccess
        )
    }
}

/// A test's outcome: the worst of its own and its subtests', and the
/// details of the first failure.
#[derive(Clone, Debug)]
pub struct TestOutcome {
    pub verdict: Verdict,
    pub detail: String,
}

/// The outcomes of one run, by test (`Class.method`).
#[derive(Debug, Default)]
pub struct Results {
    pub tests: BTreeMap<String, TestOutcome>,
    /// How often the host binary was started, by the launch log's word
    /// (`main`, `SpawnFrozenPosix`, `rejected`, …); empty under python3.
    pub launches: BTreeMap<String, usize>,
    pub elapsed: Duration,
}

impl Results {
    pub fn passed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Ok | Verdict::ExpectedFailure))
    }

    pub fn skipped(&self) -> usize {
        self.count(|v| v == Verdict::Skip)
    }

    fn count(&self, f: impl Fn(Verdict) -> bool) -> usize {
        self.tests.values().filter(|t| f(t.verdict)).count()
    }
}

/// How to start the driver: `program PREFIX… driver.py OUT …`.
#[derive(Clone, Debug)]
pub struct Runner {
    pub program: PathBuf,
    pub prefix: Vec<OsString>,
    pub method: &'static str,
    pub types: &'static str,
}

/// The driver, as an absolute path.
pub fn driver() -> PathBuf {
    root().join("tests/cpython_suite/driver.py")
}

impl Runner {
    /// Runs the tests named in `only` (all of the selected types when
    /// empty), resuming after each hang or crash.
    pub fn run(&self, only: &[String]) -> Results {
        let dir = Scratch::new("cpython-suite");
        let out = dir.path().join("results.jsonl");
        let exclude = dir.path().join("exclude.txt");
        let cwd = dir.path().join("cwd");
        std::fs::create_dir_all(&cwd).expect("create the run's directory");
        let started = Instant::now();
        let mut results = Results::default();
        for attempt in 0..=MAX_RESUMES {
            let mut args = self.prefix.clone();
            args.push(driver().into());
            args.push(out.clone().into());
            if attempt > 0 {
                args.push("--exclude".into());
                args.push(exclude.clone().into());
            }
            args.extend(only.iter().map(OsString::from));
            let run = HostRun::new(&self.program, &args)
                .env("MPSUITE_METHOD", self.method)
                .env("MPSUITE_TYPES", self.types)
                .env("MPSUITE_TIMEOUT", TEST_TIMEOUT_S.to_string())
                .cwd(&cwd)
                .timeout(RUN_TIMEOUT)
                .run();
            for (what, n) in run.launch_counts() {
                *results.launches.entry(what).or_default() += n;
            }
            let (done, unfinished) = read(&out, &mut results.tests);
            if done {
                break;
            }
            // The run ended inside a test (or before the first): that test
            // is a hang; the next attempt leaves out every test with an
            // outcome.
            let Some(test) = unfinished else {
                results.tests.insert(
                    "(the driver itself)".into(),
                    TestOutcome {
                        verdict: Verdict::Hang,
                        detail: ended(&run),
                    },
                );
                break;
            };
            results.tests.insert(
                test,
                TestOutcome {
                    verdict: Verdict::Hang,
                    detail: ended(&run),
                },
            );
            let finished: Vec<&str> = results.tests.keys().map(String::as_str).collect();
            std::fs::write(&exclude, finished.join("\n")).expect("write the exclusions");
        }
        results.elapsed = started.elapsed();
        results
    }
}

/// How a run that did not finish ended.
fn ended(run: &HostOutcome) -> String {
    let tail: Vec<&str> = run.stderr.lines().rev().take(40).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    format!(
        "the run ended inside this test: status {:?}{}\n{}",
        run.status,
        if run.timed_out { " (run timeout)" } else { "" },
        tail.join("\n")
    )
}

/// Reads the driver's records into `tests` (merged per `Class.method`);
/// whether the run finished, and the test it was inside if not.
fn read(path: &Path, tests: &mut BTreeMap<String, TestOutcome>) -> (bool, Option<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut current: Option<String> = None;
    let mut done = false;
    for line in text.lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
            continue; // a line cut by the end of the run
        };
        if record["done"] == true {
            done = true;
            current = None;
        } else if let Some(start) = record["start"].as_str() {
            current = Some(method_of(start).to_owned());
        } else if let (Some(test), Some(verdict)) = (
            record["test"].as_str(),
            record["outcome"].as_str().and_then(Verdict::parse),
        ) {
            let name = method_of(test).to_owned();
            if current.as_deref() == Some(name.as_str()) && test == name {
                current = None;
            }
            let detail = record["detail"].as_str().unwrap_or_default().to_owned();
            merge(tests, name, verdict, detail);
        }
    }
    (done, current)
}

fn merge(
    tests: &mut BTreeMap<String, TestOutcome>,
    name: String,
    verdict: Verdict,
    detail: String,
) {
    match tests.get_mut(&name) {
        Some(t) if verdict < t.verdict => {
            t.verdict = verdict;
            t.detail = detail;
        }
        Some(_) => {}
        None => {
            tests.insert(name, TestOutcome { verdict, detail });
        }
    }
}

/// `Class.method (rtype='semaphore')` → `Class.method`.
pub fn method_of(test: &str) -> &str {
    test.split_once(" (").map_or(test, |(m, _)| m)
}
