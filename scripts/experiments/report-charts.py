#!/usr/bin/env python3
"""Writes the inline SVG charts of a report.html as files, for the docs pages or a paper.

    scripts/experiments/report-charts.py runs/pusht-sim2real/report/report.html docs/images/pusht

Each chart is named after its section and position: PREFIX-policy-experiment-1.svg (zero-shot bars),
PREFIX-policy-experiment-2.svg (fine-tuning curves), PREFIX-editor-specialisation-1.svg (rewards), ...
"""
import re
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    report, prefix = sys.argv[1], sys.argv[2]
    try:
        html = open(report, encoding="utf-8").read()
    except OSError as error:
        print(f"report-charts: cannot read {report}: {error.strerror}", file=sys.stderr)
        return 1
    section, counts, written = "report", {}, []
    for match in re.finditer(r"<h2>(.*?)</h2>|(<svg.*?</svg>)", html, re.S):
        if match.group(1) is not None:
            section = re.sub(r"[^a-z0-9]+", "-", match.group(1).lower()).strip("-")
            continue
        counts[section] = counts.get(section, 0) + 1
        path = f"{prefix}-{section}-{counts[section]}.svg"
        svg = match.group(2)
        if "xmlns=" not in svg[:200]:
            svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        with open(path, "w", encoding="utf-8") as file:
            file.write(svg + "\n")
        written.append(path)
    if not written:
        print(f"report-charts: {report} holds no inline SVG chart", file=sys.stderr)
        return 1
    print("\n".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
