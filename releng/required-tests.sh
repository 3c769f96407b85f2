#!/usr/bin/env bash
# Checks that every test class in releng/required-tests.txt ran in this build (a JUnit report with
# tests, none skipped); those marked "root" only when running as root. Exit 1 names what is missing.
root=${1:-.}
python3 - "$root" "$(id -u)" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
root, uid = sys.argv[1], sys.argv[2]
reports = {}
for f in glob.glob(f"{root}/**/target/surefire-reports/TEST-*.xml", recursive=True):
    s = ET.parse(f).getroot()
    name = s.get("name", "").rsplit(".", 1)[-1]
    t, sk = reports.get(name, (0, 0))
    reports[name] = (t + int(s.get("tests", 0)), sk + int(s.get("skipped", 0)))
bad = []
for line in open(f"{root}/releng/required-tests.txt"):
    words = line.split("#", 1)[0].split()
    if not words or ("root" in words[1:] and uid != "0"):
        continue
    tests, skipped = reports.get(words[0], (0, 0))
    if tests == 0 or skipped:
        bad.append(f"{words[0]}: {'not run' if tests == 0 else f'{skipped} of {tests} skipped'}")
print("== Required tests: " + ("all ran" if not bad else "MISSING"))
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
