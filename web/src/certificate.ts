// Entering a certificate of analysis by hand (exoclinic.certificate/1), for suppliers that send
// paper or PDF. Only filled fields are sent: an empty field stays "not disclosed", never a
// guess. "Check" evaluates it without storing anything; "Import" stores the lot in quarantine.
import { api, ApiError } from "./api";
import { t, label } from "./i18n";
import { chip, el, whenDone } from "./ui";

type Kind = "text" | "number" | "date" | "outcome" | "yesno" | "list" | "routes";
// Each field's label is the catalogue key "cert.field.<path>", each group's "cert.group.<legend>".
interface CertField {
  path: string;
  kind: Kind;
  suggestions?: string[];
}
interface Group {
  legend: string;
  fields: CertField[];
}

const outcome = (path: string): CertField => ({ path, kind: "outcome" });
const groups: Group[] = [
  {
    legend: "product",
    fields: [
      { path: "product/name", kind: "text" },
      { path: "product/manufacturer", kind: "text" },
      { path: "product/origin/species", kind: "text", suggestions: ["human", "plant", "bovine"] },
      {
        path: "product/origin/tissue",
        kind: "text",
        suggestions: ["umbilical cord", "adipose", "dental pulp", "bone marrow"],
      },
      { path: "product/origin/cell_type", kind: "text", suggestions: ["MSC", "SHED"] },
      { path: "product/form", kind: "text", suggestions: ["liquid", "lyophilized"] },
      { path: "product/intended_routes", kind: "routes" },
    ],
  },
  {
    legend: "lot",
    fields: [
      { path: "lot/number", kind: "text" },
      { path: "lot/manufactured_on", kind: "date" },
      { path: "lot/expires_on", kind: "date" },
      { path: "lot/storage_celsius", kind: "number" },
      { path: "lot/volume_ml", kind: "number" },
    ],
  },
  {
    legend: "donor",
    fields: [
      { path: "donor/consented", kind: "yesno" },
      outcome("donor/screening/HBV"),
      outcome("donor/screening/HCV"),
      outcome("donor/screening/HIV"),
      outcome("donor/screening/HTLV-1"),
      outcome("donor/screening/syphilis"),
      outcome("donor/screening/parvovirus_B19"),
    ],
  },
  {
    legend: "manufacturing",
    fields: [
      { path: "manufacturing/gmp", kind: "yesno" },
      { path: "manufacturing/separation", kind: "list" },
      { path: "manufacturing/sterile_filtration_um", kind: "number" },
      { path: "manufacturing/viral_inactivation", kind: "text" },
    ],
  },
  {
    legend: "tests",
    fields: [
      outcome("tests/sterility"),
      outcome("tests/mycoplasma"),
      { path: "tests/endotoxin_eu_per_ml", kind: "number" },
      { path: "tests/particles_per_ml", kind: "number" },
      {
        path: "tests/particle_method",
        kind: "text",
        suggestions: ["NTA", "TRPS", "MRPS", "nFCM", "high-resolution flow cytometry"],
      },
      { path: "tests/size_mode_nm", kind: "number" },
      { path: "tests/size_d10_nm", kind: "number" },
      { path: "tests/size_d90_nm", kind: "number" },
      { path: "tests/protein_ug_per_ml", kind: "number" },
      { path: "tests/markers_positive", kind: "list" },
      { path: "tests/markers_negative", kind: "list" },
      { path: "tests/imaging", kind: "text", suggestions: ["TEM", "cryo-EM", "AFM"] },
    ],
  },
];

const id = (path: string) => "cert-" + path.replace(/[^a-zA-Z0-9]+/g, "-");
const routes = ["iv", "injection", "microneedle", "topical"];

function input(f: CertField): HTMLElement[] {
  const fid = id(f.path);
  const fieldLabel = el("label", { for: fid }, label("cert.field", f.path));
  if (f.kind === "routes")
    return [
      el(
        "fieldset",
        { id: fid },
        el("legend", {}, label("cert.field", f.path)),
        ...routes.map((r) =>
          el(
            "label",
            { class: "inline" },
            el("input", { type: "checkbox", class: "check", name: fid, value: r }),
            ` ${label("route", r)}`,
          ),
        ),
      ),
    ];
  if (f.kind === "outcome" || f.kind === "yesno") {
    const options: [string, string][] =
      f.kind === "outcome"
        ? [
            ["", t("cert.not_stated")],
            ["negative", t("cert.negative")],
            ["positive", t("cert.positive")],
            ["not_tested", t("cert.not_tested")],
          ]
        : [
            ["", t("cert.not_stated")],
            ["true", t("cert.yes")],
            ["false", t("cert.no")],
          ];
    return [
      el(
        "div",
        {},
        fieldLabel,
        el("select", { id: fid }, ...options.map(([v, l]) => el("option", { value: v }, l))),
      ),
    ];
  }
  const attrs: Record<string, string> = {
    id: fid,
    type: f.kind === "number" ? "number" : f.kind === "date" ? "date" : "text",
  };
  if (f.kind === "number") attrs.step = "any";
  if (f.suggestions) attrs.list = fid + "-list";
  const nodes: HTMLElement[] = [fieldLabel, el("input", attrs)];
  if (f.suggestions)
    nodes.push(
      el("datalist", { id: fid + "-list" }, ...f.suggestions.map((v) => el("option", { value: v }))),
    );
  return [el("div", {}, ...nodes)];
}

// The certificate from the filled fields only.
function collect(form: HTMLElement): Record<string, unknown> {
  const doc: Record<string, unknown> = { schema: "exoclinic.certificate/1" };
  const put = (path: string, value: unknown) => {
    const keys = path.split("/");
    let o = doc;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = value;
  };
  for (const g of groups)
    for (const f of g.fields) {
      if (f.kind === "routes") {
        const chosen = [...form.querySelectorAll<HTMLInputElement>(`input[name=${id(f.path)}]:checked`)].map(
          (i) => i.value,
        );
        if (chosen.length) put(f.path, chosen);
        continue;
      }
      const v = (form.querySelector(`#${id(f.path)}`) as HTMLInputElement).value.trim();
      if (!v) continue;
      if (f.kind === "number") put(f.path, Number(v));
      else if (f.kind === "yesno") put(f.path, v === "true");
      else if (f.kind === "list")
        put(
          f.path,
          v
            .split(/[,、]/)
            .map((x) => x.trim())
            .filter((x) => x),
        );
      else put(f.path, v);
    }
  return doc;
}

export function certificateForm(): HTMLElement {
  const vials = el("input", { id: "cert-vials", type: "number", min: "0", required: "" });
  const result = el("div", { id: "cert-result", role: "status" });
  const check = el("button", { type: "button", id: "cert-check" }, t("cert.check"));
  const form = el(
    "form",
    { id: "cert-form" },
    el("p", { class: "muted" }, t("cert.intro")),
    ...groups.map((g) =>
      el(
        "fieldset",
        { class: "fields" },
        el("legend", {}, label("cert.group", g.legend)),
        ...g.fields.flatMap(input),
      ),
    ),
    el("label", { for: "cert-vials" }, t("lots.vials")),
    vials,
    el("p", {}, check, " ", el("button", { type: "submit" }, t("lots.import"))),
    result,
  );
  const fail = (e: unknown) => {
    result.className = "error";
    result.textContent = e instanceof ApiError ? e.message : String(e);
  };
  check.addEventListener(
    "click",
    whenDone(async () => {
      try {
        const r = await api<{ verdict: Record<string, string>; not_disclosed: string[] }>(
          "POST",
          "/api/v1/qc/evaluate",
          undefined,
          JSON.stringify(collect(form)),
        );
        result.className = "";
        result.replaceChildren(
          ...Object.entries(r.verdict).flatMap(([route, v]) => [
            chip(
              `${label("route", route)}: ${t(v === "releasable" ? "lots.releasable" : "lots.not_releasable")}`,
              v === "releasable" ? "ok" : "bad",
            ),
            " ",
          ]),
          el("p", {}, t("cert.not_disclosed", r.not_disclosed.length)),
        );
      } catch (e) {
        fail(e);
      }
    }),
  );
  form.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      try {
        const lot = await api<{ id: number }>(
          "POST",
          `/api/v1/lots?vials=${encodeURIComponent(vials.value)}`,
          undefined,
          JSON.stringify(collect(form)),
        );
        location.hash = `#/lots/${lot.id}`;
      } catch (e) {
        fail(e);
      }
    }),
  );
  return form;
}
