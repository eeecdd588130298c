// A patient's measure over time drawn in the browser with uPlot, session dates as dashed
// vertical lines, a questionnaire's reference bands shaded behind the line, the valid range as the y axis (labelled with the measure's unit, the x axis
// with "date"), a legend for the line and the session marks; the values also as text for
// screen readers.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type Band, bandsNote, drawBands } from "./bands";
import { formatDate, t } from "./i18n";
import { el } from "./ui";

export interface Point {
  measured_on: string;
  value: number;
  current: boolean;
}

const day = (iso: string) => Date.parse(iso.slice(0, 10) + "T00:00:00Z") / 1000;

export function measureChart(
  title: string,
  unit: string,
  points: Point[],
  sessions: string[],
  range: [number, number],
  bands: Band[] = [],
  bandsSource = "",
): HTMLElement {
  const cur = points.filter((p) => p.current).sort((a, b) => a.measured_on.localeCompare(b.measured_on));
  const xs = cur.map((p) => day(p.measured_on));
  const ys = cur.map((p) => p.value);
  const marks = sessions.map(day);
  const box = el("div", { class: "uplot-box" });
  const legend = el(
    "p",
    { class: "chart-legend" },
    el("span", { class: "swatch value", "aria-hidden": "true" }),
    ` ${t("chart.legend_value", title, unit)}`,
    "　",
    ...(marks.length
      ? [el("span", { class: "swatch session", "aria-hidden": "true" }), ` ${t("chart.legend_session")}`]
      : []),
  );
  const axes = [t("chart.axis_date"), unit];
  const figure = el(
    "figure",
    { class: "chart-figure", "data-axes": axes.join(" | ") },
    box,
    legend,
    ...[bandsNote(bands, bandsSource)].filter((x): x is HTMLElement => x !== null),
    el(
      "figcaption",
      {},
      el("strong", {}, title),
      " — ",
      cur.map((p) => `${formatDate(p.measured_on)}: ${p.value}`).join(", "),
    ),
  );
  const all = [...xs, ...marks];
  const week = 7 * 86400;
  const xRange: [number, number] = all.length ? [Math.min(...all) - week, Math.max(...all) + week] : [0, 1];
  const fit = () => Math.min(640, Math.max(260, (document.getElementById("main")?.clientWidth ?? 640) - 40));
  const width = fit();
  const plot = new uPlot(
    {
      width,
      height: 240,
      scales: { x: { time: true, range: xRange }, y: { range } },
      series: [
        {},
        { label: title, stroke: "#1f5fa8", width: 2, points: { show: true, size: 7, fill: "#1f5fa8" } },
      ],
      axes: [{ label: axes[0] }, { label: axes[1], size: 56 }],
      legend: { show: false },
      hooks: {
        drawClear: [drawBands(bands)],
        draw: [
          (u: uPlot) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = "#d08000";
            ctx.setLineDash([4, 3]);
            for (const m of marks) {
              const x = u.valToPos(m, "x", true);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    },
    [xs, ys],
    box,
  );
  // Follow the page's width (a tablet turned, a window resized).
  const observer = new ResizeObserver(() => {
    if (!box.isConnected) return observer.disconnect(); // the page moved on
    if (plot.width !== fit()) plot.setSize({ width: fit(), height: 240 });
  });
  observer.observe(document.getElementById("main") as HTMLElement);
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", t("patients.chart_alt", title));
  return figure;
}
