"""jit/logsummary.py: per-line summaries of PYPYLOG jit-log-opt output."""

import io

from jit.logsummary import parse, report

LOG = """[1a] {jit-log-opt-loop
# Loop 1 (prog.orus:3 LOADI) : loop with 9 ops
[p0]
+10: p1 = getfield_gc_r(p0, descr=<FieldP Frame.inst_ints 40>)
+12: label(p0, i2, descr=TargetToken(1))
debug_merge_point(0, 0, 'prog.orus:3 LT_I')
+20: i3 = int_lt(i2, 100)
+22: guard_true(i3, descr=<Guard0x1>) [p0, i2]
debug_merge_point(0, 0, 'prog.orus:4 ADD_I64')
+30: i4 = int_add_ovf(i2, 1)
+32: guard_no_overflow(descr=<Guard0x2>) [p0, i2]
+40: label(p0, i4, descr=TargetToken(2))
debug_merge_point(0, 0, 'prog.orus:3 LT_I')
+50: i5 = int_lt(i4, 100)
+52: guard_true(i5, descr=<Guard0x3>) [p0, i4]
debug_merge_point(0, 0, 'prog.orus:4 CALL')
+60: p6 = new_with_vtable(descr=<SizeDescr 88>)
+62: call_n(ConstClass(f), p6, descr=<Callv 0 r EF=3>)
+64: call_assembler_n(p6, descr=<Loop1>)
+70: jump(p0, i5, descr=TargetToken(2))
+80: --end of the loop--
[1b] jit-log-opt-loop}
[1c] {jit-log-opt-bridge
# bridge out of Guard 0x3 with 2 ops
debug_merge_point(0, 0, 'prog.orus:9 RET_NONE')
+5: finish(descr=<DoneWithThisFrameDescrVoid>)
[1d] jit-log-opt-bridge}
"""


def test_parse_loop_parts_and_counts():
    sections = parse(LOG)
    assert len(sections) == 2
    loop = sections[0]
    assert loop.title == 'loop at prog.orus:3 LOADI (9 ops)'
    assert list(loop.parts) == ['frame setup', 'first iteration (preamble)', 'loop body']
    body = loop.parts['loop body']
    assert body['prog.orus:3'] == {'ops': 2, 'guards': 1, 'allocations': 0,
                                   'calls': 0, 'call_assembler': 0}
    assert body['prog.orus:4'] == {'ops': 3, 'guards': 0, 'allocations': 1,
                                   'calls': 1, 'call_assembler': 1}
    bridge = sections[1]
    assert bridge.title.startswith('bridge out of guard 0x3')
    assert list(bridge.parts) == []          # finish only


def test_report_totals():
    out = io.StringIO() if str is not bytes else io.BytesIO()
    report(parse(LOG), False, out)
    text = out.getvalue()
    assert '2 loops/bridges; 10 operations, 3 guards, 1 allocations, 1 residual calls, 1 call_assembler' in text
