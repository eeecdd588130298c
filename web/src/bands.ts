// A questionnaire's reference bands (rules/measures.toml: PHQ-9's 5/10/15/20, PSQI above 5, K6
// from 13, PSS-10's convention) shaded behind a chart's line and named at their right end, with
// the source of the cut-offs under the chart. They say what a score is called, not what a patient
// has.
import type uPlot from "uplot";
import { t } from "./i18n";
import { el } from "./ui";

export interface Band {
  from: number;
  to: number;
  label: string;
}

const tints = ["rgba(31, 95, 168, 0.08)", "rgba(0, 0, 0, 0.035)"];

// A uPlot "drawClear" hook: runs after the canvas is cleared and before the axes and the line.
export function drawBands(bands: Band[]): (u: uPlot) => void {
  return (u: uPlot) => {
    const ctx = u.ctx;
    ctx.save();
    bands.forEach((b, i) => {
      const top = u.valToPos(b.to, "y", true);
      const bottom = u.valToPos(b.from, "y", true);
      ctx.fillStyle = tints[i % tints.length];
      ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
      // The name where the band is tall enough to hold it.
      const fontPx = Math.round(11 * devicePixelRatio);
      if (bottom - top >= fontPx + 2) {
        ctx.fillStyle = "#555";
        ctx.font = `${fontPx}px sans-serif`;
        ctx.textAlign = "right";
        ctx.textBaseline = "middle";
        ctx.fillText(b.label, u.bbox.left + u.bbox.width - 4, (top + bottom) / 2);
      }
    });
    ctx.restore();
  };
}

// The legend's line for the bands and where they come from, for people and screen readers.
export function bandsNote(bands: Band[], source: string): HTMLElement | null {
  if (!bands.length) return null;
  return el(
    "p",
    { class: "chart-bands muted" },
    el("span", { class: "swatch band", "aria-hidden": "true" }),
    ` ${t("chart.bands", bands.map((b) => b.label).join("、"))}`,
    el("br"),
    t("chart.bands_source", source),
  );
}
