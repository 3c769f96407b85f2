#!/usr/bin/env bash
# Sums the JUnit XML reports of every module: one line per module and a total.
root=${1:-.}
python3 - "$root" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
root = sys.argv[1]
tot = [0, 0, 0, 0]
rows = []
for mod in sorted(set(os.path.dirname(os.path.dirname(os.path.dirname(p))) for p in glob.glob(f"{root}/**/target/surefire-reports/TEST-*.xml", recursive=True))):
    n = [0, 0, 0, 0]
    for f in glob.glob(f"{mod}/target/surefire-reports/TEST-*.xml"):
        s = ET.parse(f).getroot()
        for i, k in enumerate(("tests", "failures", "errors", "skipped")):
            n[i] += int(s.get(k, 0))
    rows.append((os.path.relpath(mod, root), n))
    tot = [a + b for a, b in zip(tot, n)]
print("\n== Test summary ==")
for name, n in rows:
    print(f"  {name:45} {n[0]:5} tests  {n[1]+n[2]:3} failed  {n[3]:3} skipped")
passed = tot[0] - tot[1] - tot[2] - tot[3]
print(f"  TOTAL: {tot[0]} tests, {passed} passed, {tot[1]} failed, {tot[2]} errors, {tot[3]} skipped")
PY
