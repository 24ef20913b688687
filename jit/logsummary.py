#!/usr/bin/env python3
"""Summarise a JIT trace log per Orus source line.

    PYPYLOG=jit-log-opt:trace.log bin/orus prog.orus
    python3 jit/logsummary.py trace.log [--ops]

For every compiled loop and bridge: its Orus location and, for each Orus
source line whose instructions it contains, how many operations, guards,
allocations (new*) and residual calls (call_*, excluding call_assembler,
which calls compiled code) the optimized trace holds for that line.  A loop
body (after its label) is reported separately from its preamble, because
the body is what runs on every iteration.  --ops also lists the operations.

Every merge point in the log is printed as `file:line OPCODE`
(jit/driver.py get_printable_location), which is what ties operations to
source lines.
"""

import re
import sys
from collections import OrderedDict

HEADER = re.compile(r'^# (Loop \d+ \((?P<loc>.*)\) : (?P<kind>[\w ]+) with (?P<n>\d+) ops'
                    r'|bridge out of Guard (?P<guard>\S+) with (?P<bn>\d+) ops)')
MERGE = re.compile(r"debug_merge_point\(\d+, \d+, '(?P<loc>[^']*)'\)")
OP = re.compile(r'^(?:\+\d+: )?(?:[pif]\d+ = )?(?P<name>[a-z_0-9]+)\(')


class Section(object):
    def __init__(self, title):
        self.title = title
        self.parts = OrderedDict()      # 'preamble' / 'loop body' -> {line: counts}
        self.ops = []

    def counts(self, part, line):
        lines = self.parts.setdefault(part, OrderedDict())
        return lines.setdefault(line, {'ops': 0, 'guards': 0, 'allocations': 0,
                                       'calls': 0, 'call_assembler': 0})


def classify(name, c):
    c['ops'] += 1
    if name.startswith('guard_'):
        c['guards'] += 1
    elif name.startswith('new'):
        c['allocations'] += 1
    elif name.startswith('call_assembler'):
        c['call_assembler'] += 1
    elif name.startswith('call') or name.startswith('cond_call'):
        c['calls'] += 1


def parse(text):
    sections = []
    current = None
    in_section = False
    part = 'trace'
    is_loop = False
    labels = 0
    line = '(entry)'
    for raw in text.splitlines():
        s = raw.strip()
        if '{jit-log-opt-loop' in s or '{jit-log-opt-bridge' in s:
            in_section = True
            current = None
            continue
        if 'jit-log-opt-loop}' in s or 'jit-log-opt-bridge}' in s:
            in_section = False
            continue
        if not in_section:
            continue
        m = HEADER.match(s)
        if m:
            if m.group('guard'):
                title = 'bridge out of guard %s (%s ops)' % (m.group('guard'), m.group('bn'))
            else:
                title = '%s at %s (%s ops)' % (m.group('kind'), m.group('loc'), m.group('n'))
            current = Section(title)
            sections.append(current)
            is_loop = (m.group('kind') or '').strip() == 'loop'
            labels = 0
            part = 'frame setup' if is_loop else 'trace'
            line = '(entry)'
            continue
        if current is None:
            continue
        m = MERGE.search(s)
        if m:
            loc = m.group('loc')
            line = loc.rsplit(' ', 1)[0]
            continue
        m = OP.match(s)
        if not m:
            continue
        name = m.group('name')
        if name == 'label':
            if is_loop:
                labels += 1
                part = 'first iteration (preamble)' if labels == 1 else 'loop body'
            continue
        if name in ('jump', 'finish', 'debug_merge_point'):
            continue
        classify(name, current.counts(part, line))
        current.ops.append((part, line, s))
    return sections


def report(sections, show_ops, out):
    totals = {'ops': 0, 'guards': 0, 'allocations': 0, 'calls': 0, 'call_assembler': 0}
    for sec in sections:
        out.write('%s\n' % sec.title)
        for part, lines in sec.parts.items():
            out.write('  %s:\n' % part)
            out.write('    %-44s %5s %6s %6s %6s %6s\n' % ('orus line', 'ops', 'guards',
                                                       'allocs', 'calls', 'asm'))
            for line, c in lines.items():
                out.write('    %-44s %5d %6d %6d %6d %6d\n' % (
                    line[-44:], c['ops'], c['guards'], c['allocations'], c['calls'],
                    c['call_assembler']))
                for k in totals:
                    totals[k] += c[k]
        if show_ops:
            for part, line, op in sec.ops:
                out.write('      [%s] %s  %s\n' % (part, line, op))
        out.write('\n')
    out.write('%d loops/bridges; %d operations, %d guards, %d allocations, '
              '%d residual calls, %d call_assembler\n' % (
                  len(sections), totals['ops'], totals['guards'], totals['allocations'],
                  totals['calls'], totals['call_assembler']))


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    with open(args[0]) as f:
        text = f.read()
    report(parse(text), '--ops' in argv, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
