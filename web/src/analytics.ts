// Analytics (physician, analyst): one outcome, chosen factors, the mixed model on the clinic's
// de-identified outcomes; fixed effects with intervals, variance components, the forest plot
// and trajectories, and what the model can and cannot say.
import { api, ApiError } from "./api";
import { label, t } from "./i18n";
import { el, page, table, whenDone } from "./ui";

interface Measure {
  id: string;
  name: string;
  questionnaire: string;
}
interface Fixed {
  term: string;
  estimate: number;
  std_error: number;
  df: number | null;
  p: number | null;
  ci_low: number;
  ci_high: number;
}
interface Fit {
  fixed_effects: Fixed[];
  random_effects: { group: string; term: string; sd: number }[];
  residual_sd: number;
  n_obs: number;
  n_groups: number;
  warnings: string[];
  groups?: { group: string; levels: number }[];
  variance_shares?: { group: string; variance: number; share: number }[];
  singular?: boolean;
}

// The export's key columns as the page names them.
const groupName = (g: string) =>
  g === "lot_key"
    ? t("an.r.lot")
    : g === "clinic_key"
      ? t("an.r.clinic")
      : g === "patient_key"
        ? t("an.r.patient")
        : g === "Residual"
          ? t("an.residual")
          : g;

// A model term as people read it: 「切片」, 「初回からの週数」, 「投与経路: 点滴静注」, interactions
// joined with ×; a name the page does not know stays as the model wrote it.
const levelLabels: Record<string, (level: string) => string> = {
  route: (l) => label("route", l),
  sex: (l) => label("sex", l),
  product_source: (l) => l,
};
function termName(term: string): string {
  return term
    .split(":")
    .map((part) => {
      if (part === "(Intercept)") return t("an.t.intercept");
      if (part === "weeks_since_first") return t("an.t.weeks");
      if (part === "age" || part === "sleep_hours") return label("an.f", part);
      for (const [factor, level] of Object.entries(levelLabels))
        if (part.startsWith(factor) && part.length > factor.length)
          return `${label("an.f", factor)}: ${level(part.slice(factor.length))}`;
      return part;
    })
    .join(" × ");
}

// The engine's warnings in the reader's language; the singular fit is said once (an.singular).
function warningText(w: string): string | null {
  if (w.startsWith("boundary (singular) fit")) return null;
  if (w === "the optimizer did not converge") return t("an.w.not_converged");
  if (w.startsWith("Satterthwaite degrees of freedom unavailable")) return t("an.w.no_df");
  return w;
}

const num = (x: number | null, digits = 3) => (x === null ? "—" : Number(x.toPrecision(digits)).toString());
const svgData = (svg: string) => {
  const bytes = new TextEncoder().encode(svg);
  let bin = "";
  bytes.forEach((b) => (bin += String.fromCharCode(b)));
  return `data:image/svg+xml;base64,${btoa(bin)}`;
};

// Variance components, one row per group and term; rows carry their group for tests and styling.
function randomTable(f: Fit): HTMLElement {
  const wrap = table(
    [t("an.group"), t("an.term"), t("an.sd")],
    [
      ...f.random_effects.map((x) => [groupName(x.group), termName(x.term), num(x.sd)]),
      [t("an.residual"), "", num(f.residual_sd)],
    ],
    t("an.random"),
  );
  wrap.id = "an-random";
  const rows = wrap.querySelectorAll("tbody tr");
  f.random_effects.forEach((x, i) => rows[i]?.setAttribute("data-group", x.group));
  return wrap;
}

// `demoData`: the clinic holds demo patients; the page states how their values were made.
export async function analyticsPage(demoData: boolean): Promise<void> {
  const measures = (await api<{ measures: Measure[] }>("GET", "/api/v1/measures")).measures;
  const select = el(
    "select",
    { id: "an-measure", name: "measure" },
    ...measures.map((m) => el("option", { value: m.id }, m.name)),
  );
  const factors = ["route", "product_source", "age", "sex", "sleep_hours"].map((f) =>
    el(
      "label",
      { class: "inline" },
      el("input", { type: "checkbox", class: "check", name: "factor", value: f }),
      ` ${label("an.f", f)}`,
    ),
  );
  const randoms = ["lot", "clinic"].map((r) =>
    el(
      "label",
      { class: "inline" },
      el("input", { type: "checkbox", class: "check", name: "random", value: r }),
      ` ${label("an.r", r)}`,
    ),
  );
  const result = el("div", { id: "an-result" });
  const form = el(
    "form",
    { class: "card", id: "analysis-form" },
    el("label", { for: "an-measure" }, t("an.measure")),
    select,
    el("fieldset", {}, el("legend", {}, t("an.factors")), ...factors),
    el("fieldset", { id: "an-random-effects" }, el("legend", {}, t("an.random_effects")), ...randoms),
    el("p", {}, el("button", { type: "submit" }, t("an.run"))),
  );
  form.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const chosen = [...form.querySelectorAll<HTMLInputElement>("input[name=factor]:checked")].map(
        (i) => i.value,
      );
      const random = [...form.querySelectorAll<HTMLInputElement>("input[name=random]:checked")].map(
        (i) => i.value,
      );
      result.replaceChildren(el("p", { role: "status" }, t("an.running")));
      try {
        const r = await api<{ fit: Fit; figures: string[] }>("POST", "/api/v1/analyses", {
          measure: select.value,
          factors: chosen,
          random_effects: random,
        });
        const f = r.fit;
        result.replaceChildren(
          el("p", { role: "status" }, t("an.summary", f.n_obs, f.n_groups)),
          table(
            [t("an.term"), t("an.estimate"), t("an.ci"), t("an.p")],
            f.fixed_effects.map((x) => [
              termName(x.term),
              num(x.estimate),
              `${num(x.ci_low)} – ${num(x.ci_high)}`,
              num(x.p, 2),
            ]),
            t("an.fixed"),
          ),
          randomTable(f),
          ...(f.variance_shares && (f.groups?.length ?? 0) > 1
            ? [
                table(
                  [t("an.group"), t("an.levels"), t("an.variance"), t("an.share")],
                  f.variance_shares.map((v) => [
                    groupName(v.group),
                    String(f.groups?.find((g) => g.group === v.group)?.levels ?? ""),
                    num(v.variance),
                    `${(100 * v.share).toFixed(1)}%`,
                  ]),
                  t("an.shares"),
                ),
              ]
            : []),
          ...(f.singular ? [el("p", { class: "error" }, t("an.singular"))] : []),
          ...f.warnings
            .map(warningText)
            .filter((w): w is string => w !== null)
            .map((w) => el("p", { class: "error" }, w)),
          ...r.figures.map((svg, i) =>
            el("figure", {}, el("img", { src: svgData(svg), alt: t("an.figure", i + 1), class: "chart" })),
          ),
          el("h2", {}, t("an.caveat_heading")),
          el("p", {}, t("an.caveat")),
          ...(random.length ? [el("h2", {}, t("an.lot_note_heading")), el("p", {}, t("an.lot_note"))] : []),
        );
      } catch (e) {
        result.replaceChildren(
          el("p", { class: "error", role: "alert" }, e instanceof ApiError ? e.message : String(e)),
        );
      }
    }),
  );
  const demo = demoData
    ? [
        el(
          "section",
          { class: "card demo-note", id: "an-demo-model", "aria-labelledby": "an-demo-h" },
          el("h2", { id: "an-demo-h" }, t("an.demo_heading")),
          el("p", {}, t("an.demo_model")),
        ),
      ]
    : [];
  page(t("an.title"), el("p", {}, t("an.intro")), ...demo, form, result);
}
