#!/usr/bin/env python3
"""The mixed-model benchmark as a picture: seconds against rows, both axes logarithmic, lme4's
lmer() and the whole exoclinic analyze process, with the ratio written at each size.
Usage: bench/lib/lmm_plot.py DIR OUT.svg N... (DIR holds r-N.time and e-N.total, as
bench/lib/lmm_common.sh leaves them). Plain SVG, no plotting library needed."""
import math
import sys

d, out, sizes = sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3:]]
lme4 = [float(open(f"{d}/r-{n}.time").read()) for n in sizes]
ours = [float(open(f"{d}/e-{n}.total").read()) for n in sizes]
W, H, L, R, T, B = 640, 400, 70, 20, 40, 50
lo = math.floor(math.log10(min(ours + lme4)))
hi = math.ceil(math.log10(max(ours + lme4)))
xs = [math.log10(n) for n in sizes]
x0, x1 = min(xs) - 0.2, max(xs) + 0.2


def px(n):
    return L + (math.log10(n) - x0) / (x1 - x0) * (W - L - R)


def py(s):
    return T + (hi - math.log10(s)) / (hi - lo) * (H - T - B)


parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{L}" y="20" font-size="14">y ~ time + route + age + sleep + (1 + time | patient), REML</text>']
for e in range(lo, hi + 1):
    y = py(10 ** e)
    parts.append(f'<line x1="{L}" x2="{W - R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
    parts.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{10.0 ** e:g} s</text>')
for n in sizes:
    parts.append(f'<text x="{px(n):.1f}" y="{H - B + 18}" text-anchor="middle">{n:,} rows</text>')
for name, values, colour in (("lme4 lmer()", lme4, "#c0392b"), ("exoclinic analyze (whole process)", ours, "#2471a3")):
    pts = " ".join(f"{px(n):.1f},{py(v):.1f}" for n, v in zip(sizes, values))
    parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for n, v in zip(sizes, values):
        parts.append(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="3.5" fill="{colour}"/>')
    ly = T + 16 if colour == "#c0392b" else T + 34
    parts.append(f'<line x1="{L + 10}" x2="{L + 30}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"/>')
    parts.append(f'<text x="{L + 35}" y="{ly}">{name}</text>')
for n, a, b in zip(sizes, lme4, ours):
    parts.append(f'<text x="{px(n):.1f}" y="{(py(a) + py(b)) / 2:.1f}" text-anchor="middle" font-weight="bold">{a / b:.1f}×</text>')
parts.append("</svg>")
open(out, "w").write("\n".join(parts) + "\n")
