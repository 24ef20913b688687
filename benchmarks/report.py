#!/usr/bin/env python3
"""Render a benchmark summary (summary.json written by run.py) as results.md
and a bar chart of the bin/orus ratios (ratios.png).

run.py calls this at the end of a run; it can also be used on its own to
re-render an existing result without re-running anything:

    .bench-venv/bin/python benchmarks/report.py benchmarks/results/summary.json
"""

import argparse
import json
import math
import os
import sys

# Column keys of the ratio table (beyond the per-runtime "÷ C" columns).
ORUS = "orus"
NOJIT = "orus-nojit"
PYPY = "pypy"
C = "c"


def _median(summary, workload, rt):
    res = summary["workloads"].get(workload, {}).get("results", {}).get(rt)
    if res and res.get("status") == "ok":
        return res.get("median")
    return None


def _ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def geomean(values):
    vals = [v for v in values if v is not None and v > 0]
    if not vals:
        return None
    return math.exp(sum(math.log(v) for v in vals) / len(vals))


def compute_ratios(summary):
    """Per-workload ratios and their geometric means.

    Returns {"per_workload": {w: {...}}, "geomean": {...}, "geomean_n": {...}}
    with the keys  "<rt>/c" (every runtime ÷ C), "orus/pypy" and
    "jit_uplift" (= bin/orus --jit off ÷ bin/orus).
    """
    rts = summary["runtime_order"]
    per = {}
    for w in summary["workload_order"]:
        row = {}
        c = _median(summary, w, C)
        for rt in rts:
            row[rt + "/c"] = _ratio(_median(summary, w, rt), c)
        row["orus/pypy"] = _ratio(_median(summary, w, ORUS), _median(summary, w, PYPY))
        row["jit_uplift"] = _ratio(_median(summary, w, NOJIT), _median(summary, w, ORUS))
        per[w] = row
    keys = [rt + "/c" for rt in rts] + ["orus/pypy", "jit_uplift"]
    gm, gn = {}, {}
    for k in keys:
        vals = [per[w][k] for w in summary["workload_order"] if per[w][k] is not None]
        gm[k] = geomean(vals)
        gn[k] = len(vals)
    # Geometric mean of the medians themselves, per runtime.
    for rt in rts:
        vals = [_median(summary, w, rt) for w in summary["workload_order"]]
        vals = [v for v in vals if v is not None]
        gm["seconds:" + rt] = geomean(vals)
        gn["seconds:" + rt] = len(vals)
    return {"per_workload": per, "geomean": gm, "geomean_n": gn}


# ---------------------------------------------------------------- formatting

def fmt_seconds(v):
    if v is None:
        return "—"
    if v >= 100:
        return "%.1f" % v
    if v >= 10:
        return "%.2f" % v
    return "%.3f" % v


def fmt_ratio(v):
    if v is None:
        return "—"
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


STATUS_CELLS = {
    "wrong_checksum": "✗ checksum",
    "error": "✗ error",
    "timeout": "✗ timeout",
    "build_error": "✗ build",
    "missing": "n/a",
    "skipped": "skipped",
    "not_run": "—",
}


def _cell_seconds(summary, w, rt):
    res = summary["workloads"].get(w, {}).get("results", {}).get(rt)
    if not res:
        return "—"
    if res.get("status") == "ok":
        return fmt_seconds(res["median"])
    return STATUS_CELLS.get(res.get("status"), res.get("status", "?"))


def _gm_cell(ratios, key, n_workloads, fmt):
    v = ratios["geomean"].get(key)
    n = ratios["geomean_n"].get(key, 0)
    if v is None:
        return "—"
    s = fmt(v)
    if n < n_workloads:
        s += " (%d/%d)" % (n, n_workloads)
    return "**%s**" % s


def _table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|---|" + "---:|" * (len(header) - 1)]
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    return "\n".join(out)


def render_markdown(summary, chart_name=None):
    ratios = summary.get("ratios") or compute_ratios(summary)
    rts = summary["runtime_order"]
    labels = summary["runtime_labels"]
    wls = summary["workload_order"]
    nw = len(wls)
    lines = []
    lines.append("# Orus benchmark results")
    lines.append("")
    s = summary["settings"]
    if summary["mode"] == "quick":
        how = ("**quick mode** (smoke check): one plain timed run per runtime, "
               "the checksum run itself; `bin/orus --jit off` skipped. "
               "Not a measurement — do not quote these numbers.")
    else:
        how = ("pyperf command benchmarks: %d processes × (%d warm-up + %d timed runs), "
               "loops=1, so each value is one complete process run, start-up and "
               "JIT warm-up included; the cell is the median of the %d values. "
               "`bin/orus --jit off`: one plain timed run (the checksum run)."
               % (s["processes"], s["warmups"], s["values"], s["processes"] * s["values"]))
    lines.append("- when: %s" % summary["date"])
    lines.append("- how: " + how)
    git = summary.get("git", {})
    lines.append("- orus-rpy: commit `%s`%s; bin/orus: `%s`, built %s"
                 % (git.get("commit", "?"), " + uncommitted changes" if git.get("dirty") else "",
                    summary.get("orus_version", "?"), summary.get("orus_binary_mtime", "?")))
    m = summary.get("machine", {})
    lines.append("- machine: %s, %s cores; load average %s before, %s after"
                 % (m.get("cpu", "?"), m.get("cores", "?"),
                    m.get("loadavg_before", "?"), m.get("loadavg_after", "?")))
    vers = ["%s: %s" % (labels[rt], summary["runtimes"][rt].get("version") or "not installed")
            for rt in rts if rt != NOJIT]
    lines.append("- runtimes: " + "; ".join(vers))
    if summary.get("warning"):
        lines.append("- **warning: %s**" % summary["warning"])
    lines.append("")

    # Table 1: seconds.
    lines.append("## Median wall time (seconds)")
    lines.append("")
    header = ["workload"] + [labels[rt] for rt in rts]
    rows = [[w] + [_cell_seconds(summary, w, rt) for rt in rts] for w in wls]
    rows.append(["**geomean**"] + [_gm_cell(ratios, "seconds:" + rt, nw, fmt_seconds) for rt in rts])
    lines.append(_table(header, rows))
    lines.append("")

    # Table 2: bin/orus at a glance.
    lines.append("## bin/orus ratios")
    lines.append("")
    lines.append("`÷ C` and `÷ PyPy`: bin/orus median ÷ that runtime's median (lower is better; "
                 "< 1 means bin/orus is faster). JIT uplift: `--jit off` ÷ JIT "
                 "(how many times faster the JIT makes bin/orus).")
    lines.append("")
    header = ["workload", "bin/orus ÷ C", "bin/orus ÷ PyPy", "JIT uplift"]
    rows = []
    for w in wls:
        r = ratios["per_workload"][w]
        rows.append([w, fmt_ratio(r.get(ORUS + "/c")), fmt_ratio(r.get("orus/pypy")),
                     fmt_ratio(r.get("jit_uplift"))])
    rows.append(["**geomean**", _gm_cell(ratios, ORUS + "/c", nw, fmt_ratio),
                 _gm_cell(ratios, "orus/pypy", nw, fmt_ratio),
                 _gm_cell(ratios, "jit_uplift", nw, fmt_ratio)])
    lines.append(_table(header, rows))
    lines.append("")

    # Table 3: every runtime relative to C.
    lines.append("## Every runtime relative to C (median ÷ C median)")
    lines.append("")
    header = ["workload"] + [labels[rt] for rt in rts]
    rows = [[w] + [fmt_ratio(ratios["per_workload"][w].get(rt + "/c")) for rt in rts] for w in wls]
    rows.append(["**geomean**"] + [_gm_cell(ratios, rt + "/c", nw, fmt_ratio) for rt in rts])
    lines.append(_table(header, rows))
    lines.append("")
    lines.append("A geomean marked (n/m) is over the n workloads that have a value in that column "
                 "only; compare such a cell with care.")
    lines.append("")

    # Spread.
    if summary["mode"] != "quick":
        lines.append("## Spread (relative standard deviation of the values, %)")
        lines.append("")
        header = ["workload"] + [labels[rt] for rt in rts]
        rows = []
        for w in wls:
            row = [w]
            for rt in rts:
                res = summary["workloads"][w]["results"].get(rt) or {}
                if res.get("status") == "ok" and res.get("n_values", 0) > 1 and res.get("mean"):
                    row.append("%.1f" % (100.0 * res["stdev"] / res["mean"]))
                else:
                    row.append("—")
            rows.append(row)
        lines.append(_table(header, rows))
        lines.append("")

    # Problems.
    problems = []
    for w in wls:
        for rt in rts:
            res = summary["workloads"][w]["results"].get(rt) or {}
            st = res.get("status")
            if st in ("wrong_checksum", "error", "timeout", "build_error"):
                problems.append("- %s / %s: %s — %s" % (w, labels[rt], st, res.get("detail", "")))
    if problems:
        lines.append("## Problems (not timed)")
        lines.append("")
        lines.extend(problems)
        lines.append("")

    if chart_name:
        lines.append("## Chart")
        lines.append("")
        lines.append("![bin/orus ratios](%s)" % chart_name)
        lines.append("")
    lines.append("Raw data: `summary.json` (this table's numbers), `pyperf/<runtime>.json` "
                 "(pyperf suites, one benchmark per workload; e.g. "
                 "`.bench-venv/bin/python -m pyperf compare_to pyperf/pypy.json pyperf/orus.json --table`).")
    lines.append("")
    return "\n".join(lines)


def render_chart(summary, path):
    """Grouped bars of bin/orus ÷ PyPy and bin/orus ÷ C per workload (log scale).
    Returns True if the chart was written."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker  # noqa: F401
    except ImportError as e:
        print("warning: no chart (%s)" % e, file=sys.stderr)
        return False
    ratios = summary.get("ratios") or compute_ratios(summary)
    wls = list(summary["workload_order"])
    series = [("orus/pypy", "bin/orus ÷ PyPy", "#4c72b0"),
              (ORUS + "/c", "bin/orus ÷ C -O2", "#dd8452")]
    names = wls + ["geomean"]
    data = []
    for key, _, _ in series:
        vals = [ratios["per_workload"][w].get(key) for w in wls]
        vals.append(ratios["geomean"].get(key))
        data.append(vals)
    if all(v is None for vals in data for v in vals):
        print("warning: no chart (no bin/orus ratio to plot)", file=sys.stderr)
        return False
    fig, ax = plt.subplots(figsize=(max(8, 1.1 * len(names) + 2), 5))
    width = 0.38
    for i, ((key, label, color), vals) in enumerate(zip(series, data)):
        xs = [j + (i - 0.5) * width for j in range(len(names))]
        ys = [v if v is not None else float("nan") for v in vals]
        # Bars grow from 1 (parity) up or down, which reads right on a log axis.
        ax.bar(xs, [y - 1.0 for y in ys], width, bottom=1.0, label=label, color=color)
        for x, v in zip(xs, vals):
            if v is not None:
                up = v >= 1.0
                ax.annotate(fmt_ratio(v), (x, v), ha="center", va="bottom" if up else "top",
                            fontsize=7, xytext=(0, 2 if up else -2), textcoords="offset points")
    ax.set_yscale("log")
    present = [v for vals in data for v in vals if v is not None] + [1.0]
    lo, hi = min(present), max(present)
    ax.set_ylim(lo / 1.6, hi * 1.6)
    ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _: "%g" % y))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=30, ha="right")
    if "geomean" in names:
        ax.axvline(len(names) - 1.5, color="grey", linewidth=0.6, linestyle=":")
    ax.set_ylabel("time ratio (log scale; < 1: bin/orus faster)")
    title = "bin/orus relative to PyPy 3 and C -O2 — %s" % summary["date"]
    if summary["mode"] == "quick":
        title += " (quick mode: one run, not a measurement)"
    ax.set_title(title, fontsize=10)
    ax.legend()
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_reports(summary, outdir):
    """results.md + ratios.png into outdir; returns the paths written."""
    summary["ratios"] = compute_ratios(summary)
    chart = os.path.join(outdir, "ratios.png")
    have_chart = render_chart(summary, chart)
    md = os.path.join(outdir, "results.md")
    with open(md, "w") as f:
        f.write(render_markdown(summary, "ratios.png" if have_chart else None))
    return [md] + ([chart] if have_chart else [])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("summary", help="summary.json written by run.py")
    ap.add_argument("--output", help="directory for results.md and ratios.png "
                    "(default: the summary's directory)")
    args = ap.parse_args()
    with open(args.summary) as f:
        summary = json.load(f)
    outdir = args.output or os.path.dirname(os.path.abspath(args.summary))
    for p in write_reports(summary, outdir):
        print("wrote", p)


if __name__ == "__main__":
    main()
