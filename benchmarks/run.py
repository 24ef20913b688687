#!/usr/bin/env python3
"""Benchmark runner for orus-rpy: times bin/orus against C, LuaJIT, PyPy 3, node,
Lua 5.4 and CPython 3 on the anchor workloads in benchmarks/<name>/.

For every workload and runtime it first runs the program once and checks that
its stdout equals <name>/expected.txt (a runtime with a wrong checksum, an
error or a time-out is reported and not timed).  Then it times the runtime
with `pyperf command` (several processes, warm-ups; every value is one whole
process run, start-up and JIT warm-up included, as for a user).
`bin/orus --jit off` takes minutes per workload: it gets one plain timed run
(its checksum run).  --quick does only the checksum runs (one time each) and
skips `--jit off`.

Writes into --output (default benchmarks/results/):
  summary.json            everything below, as numbers
  results.md              tables: medians, ratios to C, bin/orus ÷ PyPy, JIT uplift
  ratios.png              bar chart of bin/orus ÷ PyPy and bin/orus ÷ C
  pyperf/<runtime>.json   pyperf suites (one benchmark per workload)
  pyperf/<runtime>/<workload>.json, logs/, build/ (C binaries)

Needs pyperf and matplotlib: run it with .bench-venv/bin/python (make
bench-venv); run with another python3 it re-executes itself with the venv's.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(ROOT, ".bench-venv")
VENV_PY = os.path.join(VENV, "bin", "python")


def _ensure_venv():
    """Re-exec under .bench-venv's python when pyperf is not importable here."""
    try:
        import pyperf  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.exists(VENV_PY) and not os.environ.get("ORUS_BENCH_REEXEC"):
        os.environ["ORUS_BENCH_REEXEC"] = "1"
        os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("error: pyperf is not installed; run `make bench-venv` (creates .bench-venv/ "
             "from benchmarks/requirements.txt) or use .bench-venv/bin/python")


_ensure_venv()
import pyperf  # noqa: E402

# The timed runs (pyperf workers) get a minimal environment; keep the checksum
# runs of the Python runtimes from picking up a stray PYTHONPATH too.
for _var in ("PYTHONPATH", "PYTHONHOME"):
    os.environ.pop(_var, None)

sys.path.insert(0, HERE)
import report  # noqa: E402

# Workloads in the order of the shared README; other directories with an
# expected.txt are appended alphabetically.
WORKLOAD_ORDER = ["fib", "loop_sum", "nested_loops", "sieve", "nbody", "mandelbrot",
                  "string_build", "quicksort", "struct_churn"]


class Runtime(object):
    def __init__(self, id, label, ext, exe, args=(), aliases=()):
        self.id = id
        self.label = label
        self.ext = ext          # source file extension
        self.exe = exe          # program name on PATH (or None: special)
        self.args = list(args)  # before the source file
        self.aliases = aliases
        self.path = None        # resolved executable
        self.version = None

    def command(self, workload, ctx):
        if self.id == "c":
            return [os.path.join(ctx.build_dir, workload)]
        return [self.path] + self.args + [source(workload, self.ext)]


# Column order of the tables.
RUNTIMES = [
    Runtime("orus", "bin/orus", "orus", None),
    Runtime("orus-nojit", "bin/orus --jit off", "orus", None, ["--jit", "off"],
            aliases=("nojit", "jit-off")),
    Runtime("c", "C -O2", "c", "gcc", aliases=("gcc",)),
    Runtime("luajit", "LuaJIT", "lua", "luajit"),
    Runtime("pypy", "PyPy 3", "py", "pypy3", aliases=("pypy3",)),
    Runtime("node", "node", "js", "node", aliases=("js", "nodejs")),
    Runtime("lua", "Lua 5.4", "lua", "lua5.4", aliases=("lua5.4",)),
    Runtime("cpython", "CPython 3", "py", "python3", aliases=("python3", "python")),
]


def source(workload, ext):
    return os.path.join(HERE, workload, "%s.%s" % (workload, ext))


def discover_workloads():
    found = sorted(d for d in os.listdir(HERE)
                   if os.path.isfile(os.path.join(HERE, d, "expected.txt")))
    return [w for w in WORKLOAD_ORDER if w in found] + [w for w in found if w not in WORKLOAD_ORDER]


def _out(cmd, **kw):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, universal_newlines=True, timeout=60, **kw)
        return p.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def resolve_runtimes(runtimes, orus_path, cpython):
    for rt in runtimes:
        if rt.id in ("orus", "orus-nojit"):
            if os.access(orus_path, os.X_OK):
                rt.path = orus_path
                rt.version = _out([orus_path, "--version"])
        elif rt.id == "cpython":
            exe = cpython or shutil.which("python3")
            if exe:
                # Resolve pyenv shims & co. to the real interpreter, so that
                # the shim's start-up is not timed.
                real = _out([exe, "-c", "import sys; print(sys.executable)"])
                rt.path = real if real and os.path.exists(real) else exe
                rt.version = _out([rt.path, "--version"])
        else:
            exe = shutil.which(rt.exe)
            if exe:
                rt.path = exe
                flag = {"lua5.4": "-v", "luajit": "-v"}.get(rt.exe, "--version")
                rt.version = short_version(rt.exe, _out([exe, flag]))


def short_version(exe, text):
    """One short line out of a runtime's version banner."""
    if not text:
        return None
    first = text.splitlines()[0].strip()
    if exe == "pypy3":
        m = re.search(r"\[(PyPy [0-9.]+)", text)
        py = first.split(" (")[0]
        return "%s (%s)" % (m.group(1), py) if m else " ".join(text.split())
    if exe in ("lua5.4", "luajit"):
        return re.split(r"\s+(--\s+)?Copyright", first)[0].strip()
    if exe == "gcc":
        m = re.match(r"gcc \(.*\) (\S+)", first)
        return "gcc %s" % m.group(1) if m else first
    return first


def select_runtimes(spec):
    if not spec:
        return list(RUNTIMES)
    want = set()
    for name in spec.split(","):
        name = name.strip()
        if not name:
            continue
        for rt in RUNTIMES:
            if name == rt.id or name in rt.aliases:
                want.add(rt.id)
                break
        else:
            sys.exit("error: unknown runtime %r (known: %s)"
                     % (name, ", ".join(r.id for r in RUNTIMES)))
    return [rt for rt in RUNTIMES if rt.id in want]


class Ctx(object):
    pass


def compile_c(ctx, workloads, gcc):
    """gcc -O2 every selected workload once into build/; returns {w: error}."""
    errors = {}
    os.makedirs(ctx.build_dir, exist_ok=True)
    for w in workloads:
        src = source(w, "c")
        exe = os.path.join(ctx.build_dir, w)
        if not os.path.exists(src):
            errors[w] = "no %s" % os.path.basename(src)
            continue
        if os.path.exists(exe) and os.path.getmtime(exe) >= os.path.getmtime(src):
            continue
        p = subprocess.run([gcc, "-O2", "-o", exe, src, "-lm"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        if p.returncode != 0:
            errors[w] = "gcc failed: " + p.stdout.strip()[-500:]
    return errors


def check_run(cmd, expected, timeout):
    """Run once; returns (status, elapsed seconds, detail)."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", None, "no result after %d s" % timeout
    except OSError as e:
        return "error", None, str(e)
    dt = time.perf_counter() - t0
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        return "error", dt, "exit status %d: %s" % (p.returncode, " / ".join(err[-3:])[:300])
    if out.strip() != expected.strip():
        return "wrong_checksum", dt, "printed %r, expected %r" % (out.strip()[:200], expected.strip())
    return "ok", dt, ""


def single_value_benchmark(name, seconds, cmd):
    """A pyperf Benchmark holding one plain timed run (quick mode, --jit off)."""
    run = pyperf.Run([seconds], warmups=None, collect_metadata=True,
                     metadata={"name": name, "loops": 1, "unit": "second",
                               "command": " ".join(cmd),
                               "description": "one plain timed run (orus-rpy run.py)"})
    return pyperf.Benchmark([run])


def pyperf_benchmark(name, cmd, path, log, s):
    """`pyperf command` into path; returns (Benchmark or None, error detail)."""
    if os.path.exists(path):
        os.unlink(path)
    pcmd = [sys.executable, "-m", "pyperf", "command",
            "--processes", str(s.processes), "--values", str(s.values),
            "--warmups", str(s.warmups), "--loops", "1",
            "--name", name, "-o", path, "--"] + cmd
    with open(log, "w") as f:
        f.write("$ %s\n" % " ".join(pcmd))
        f.flush()
        p = subprocess.run(pcmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if p.returncode != 0 or not os.path.exists(path):
        return None, "pyperf command failed (exit %d), see %s" % (p.returncode, log)
    return pyperf.Benchmark.load(path), ""


def stats(bench, method):
    vals = list(bench.get_values())
    rss = [r.get_metadata().get("command_max_rss") for r in bench.get_runs()]
    rss = [x for x in rss if x]
    return {
        "status": "ok",
        "method": method,
        "median": bench.median(),
        "mean": bench.mean(),
        "stdev": bench.stdev() if len(vals) > 1 else 0.0,
        "min": min(vals),
        "max": max(vals),
        "n_values": len(vals),
        "values": vals,
        "max_rss_bytes": max(rss) if rss else None,
    }


def git_info():
    commit = _out(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    status = _out(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"])
    return {"commit": commit, "dirty": bool(status)}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def loadavg():
    try:
        return "%.2f" % os.getloadavg()[0]
    except OSError:
        return "?"


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Time bin/orus against C, LuaJIT, PyPy, node, Lua 5.4 and CPython "
                    "on benchmarks/<workload>/ (see benchmarks/README.md).")
    ap.add_argument("--quick", action="store_true",
                    help="smoke check: checksum run + one time per runtime, no --jit off")
    ap.add_argument("--only", metavar="NAMES",
                    help="comma-separated workloads (default: all)")
    ap.add_argument("--runtimes", metavar="NAMES",
                    help="comma-separated subset of: " + ", ".join(r.id for r in RUNTIMES))
    ap.add_argument("--output", metavar="DIR", default=os.path.join(HERE, "results"),
                    help="result directory (default: benchmarks/results/)")
    ap.add_argument("--processes", type=int, default=3,
                    help="pyperf worker processes per benchmark (default 3)")
    ap.add_argument("--values", type=int, default=2,
                    help="timed runs per process (default 2)")
    ap.add_argument("--warmups", type=int, default=1,
                    help="untimed runs per process before the values (default 1)")
    ap.add_argument("--timeout", type=int, default=1800,
                    help="seconds allowed for one checksum run (default 1800)")
    ap.add_argument("--orus", default=os.path.join(ROOT, "bin", "orus"),
                    help="the orus binary (default: bin/orus)")
    ap.add_argument("--cpython", help="CPython 3 executable (default: python3 on PATH)")
    args = ap.parse_args(argv)
    if min(args.processes, args.values) < 1 or args.warmups < 0:
        ap.error("--processes and --values must be >= 1, --warmups >= 0")
    return args


def main(argv=None):
    args = parse_args(argv)
    all_wl = discover_workloads()
    if args.only:
        workloads = [w.strip() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in workloads if w not in all_wl]
        if unknown:
            sys.exit("error: unknown workload(s) %s (known: %s)"
                     % (", ".join(unknown), ", ".join(all_wl)))
    else:
        workloads = all_wl
    runtimes = select_runtimes(args.runtimes)
    resolve_runtimes(runtimes, os.path.abspath(args.orus), args.cpython)
    mode = "quick" if args.quick else "full"

    out = os.path.abspath(args.output)
    ctx = Ctx()
    ctx.build_dir = os.path.join(out, "build")
    pyperf_dir = os.path.join(out, "pyperf")
    log_dir = os.path.join(out, "logs")
    for d in (pyperf_dir, log_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    for f in ("summary.json", "results.md", "ratios.png"):
        if os.path.exists(os.path.join(out, f)):
            os.unlink(os.path.join(out, f))

    for rt in runtimes:
        if rt.path is None:
            print("note: %s not found, not timed" % rt.label)
    if any(rt.id.startswith("orus") and rt.path is None for rt in runtimes):
        print("warning: %s is missing (make build)" % args.orus)

    build_errors = {}
    crt = [rt for rt in runtimes if rt.id == "c" and rt.path]
    if crt:
        build_errors = compile_c(ctx, workloads, crt[0].path)

    summary = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "mode": mode,
        "settings": {"processes": args.processes, "values": args.values,
                     "warmups": args.warmups, "loops": 1, "timeout": args.timeout},
        "git": git_info(),
        "orus_version": _out([args.orus, "--version"]) if os.path.exists(args.orus) else None,
        "orus_binary_mtime": (datetime.datetime.fromtimestamp(os.path.getmtime(args.orus))
                              .strftime("%Y-%m-%d %H:%M") if os.path.exists(args.orus) else None),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "kernel": platform.release(),
                    "loadavg_before": loadavg()},
        "pyperf_version": pyperf.__version__,
        "runtime_order": [rt.id for rt in runtimes],
        "runtime_labels": {rt.id: rt.label for rt in runtimes},
        "runtimes": {rt.id: {"label": rt.label, "path": rt.path, "version": rt.version}
                     for rt in runtimes},
        "workload_order": workloads,
        "workloads": {},
    }
    la = float(summary["machine"]["loadavg_before"]) if summary["machine"]["loadavg_before"] != "?" else 0
    if la > 0.5 * (os.cpu_count() or 1):
        print("warning: load average %.2f before starting: the machine is busy, "
              "timings will be noisy" % la)

    def save():
        with open(os.path.join(out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1, sort_keys=True)

    wide = max(len(w) for w in workloads)
    started = time.time()
    suites = {}
    for i, w in enumerate(workloads):
        with open(os.path.join(HERE, w, "expected.txt")) as f:
            expected = f.read()
        results = {}
        summary["workloads"][w] = {"expected": expected.strip(), "results": results}
        for rt in runtimes:
            tag = "[%d/%d] %-*s %-19s" % (i + 1, len(workloads), wide, w, rt.label)
            if rt.path is None:
                results[rt.id] = {"status": "missing"}
                continue
            if rt.id == "orus-nojit" and args.quick:
                results[rt.id] = {"status": "skipped", "detail": "quick mode"}
                continue
            if rt.id == "c" and w in build_errors:
                results[rt.id] = {"status": "build_error", "detail": build_errors[w]}
                print("%s build error: %s" % (tag, build_errors[w]), flush=True)
                continue
            cmd = rt.command(w, ctx)
            print(tag, end=" ", flush=True)
            status, dt, detail = check_run(cmd, expected, args.timeout)
            if status != "ok":
                results[rt.id] = {"status": status, "detail": detail, "command": cmd}
                print("%s: %s" % (status.upper(), detail), flush=True)
                continue
            if args.quick or rt.id == "orus-nojit":
                bench = single_value_benchmark(w, dt, cmd)
                os.makedirs(os.path.join(pyperf_dir, rt.id), exist_ok=True)
                bench.dump(os.path.join(pyperf_dir, rt.id, w + ".json"), replace=True)
                method = "single"
            else:
                os.makedirs(os.path.join(pyperf_dir, rt.id), exist_ok=True)
                bench, err = pyperf_benchmark(
                    w, cmd, os.path.join(pyperf_dir, rt.id, w + ".json"),
                    os.path.join(log_dir, "%s.%s.log" % (w, rt.id)), args)
                if bench is None:
                    results[rt.id] = {"status": "error", "detail": err, "command": cmd}
                    print("ERROR: " + err, flush=True)
                    continue
                method = "pyperf"
            res = stats(bench, method)
            res["command"] = cmd
            res["check_run_seconds"] = dt
            results[rt.id] = res
            suites.setdefault(rt.id, []).append(bench)
            spread = ("±%.1f%%, %d values" % (100 * res["stdev"] / res["mean"], res["n_values"])
                      if res["n_values"] > 1 else "1 run")
            print("%8.3f s  (%s)" % (res["median"], spread), flush=True)
        save()

    for rt_id, benches in suites.items():
        pyperf.BenchmarkSuite(benches).dump(os.path.join(pyperf_dir, rt_id + ".json"),
                                            replace=True)
    summary["machine"]["loadavg_after"] = loadavg()
    if os.path.exists(args.orus):
        mtime = (datetime.datetime.fromtimestamp(os.path.getmtime(args.orus))
                 .strftime("%Y-%m-%d %H:%M"))
        if mtime != summary["orus_binary_mtime"]:
            summary["warning"] = ("%s was replaced during the run (%s -> %s): "
                                  "its results mix two builds" % (args.orus,
                                  summary["orus_binary_mtime"], mtime))
            print("warning: " + summary["warning"])
    summary["elapsed_seconds"] = round(time.time() - started, 1)
    summary["ratios"] = report.compute_ratios(summary)
    save()
    written = report.write_reports(summary, out)
    save()
    print()
    with open(os.path.join(out, "results.md")) as f:
        print(f.read())
    print("wrote %s (%.0f s)" % (", ".join([os.path.join(out, "summary.json")] + written),
                                 time.time() - started))
    bad = [(w, rt) for w in workloads for rt, r in summary["workloads"][w]["results"].items()
           if r["status"] in ("wrong_checksum", "error", "timeout", "build_error")]
    # A wrong checksum or crash of bin/orus itself fails the run (CI smoke check);
    # a problem in another runtime is only reported.
    if any(rt.startswith("orus") for _, rt in bad):
        print("FAILED: bin/orus gave a wrong result or failed on: %s"
              % ", ".join(sorted(set(w for w, rt in bad if rt.startswith("orus")))))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
