"""The slowest tests of every CI pass, from their JUnit files: where the suite's time goes."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

rows, totals = [], {}
for path in map(Path, sys.argv[1:]):
    if not path.is_file():
        continue
    suite = ET.parse(path).getroot()
    for case in suite.iter("testcase"):
        rows.append((float(case.get("time", 0)), path.stem, f"{case.get('classname')}::{case.get('name')}"))
    totals[path.stem] = sum(float(s.get("time", 0)) for s in suite.iter("testsuite"))

print(f"=== time per pass: {', '.join(f'{name} {seconds:.0f} s' for name, seconds in totals.items())}")
print("=== slowest tests")
for seconds, name, test in sorted(rows, reverse=True)[:25]:
    print(f"{seconds:8.1f} s  {name:16} {test}")
