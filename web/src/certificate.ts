// Entering a certificate of analysis by hand (exoclinic.certificate/1), for suppliers that send
// paper or PDF. Only filled fields are sent: an empty field stays "not disclosed", never a
// guess. "Check" evaluates it without storing anything; "Import" stores the lot in quarantine.
import { api, ApiError } from "./api";
import { tx, t, label } from "./i18n";
import { chip, el } from "./ui";

type Kind = "text" | "number" | "date" | "outcome" | "yesno" | "list" | "routes";
interface CertField { path: string; label: { ja: string; en: string }; kind: Kind; suggestions?: string[] }
interface Group { legend: { ja: string; en: string }; fields: CertField[] }

const outcome = (path: string, ja: string, en: string): CertField => ({ path, label: { ja, en }, kind: "outcome" });
const groups: Group[] = [
  { legend: { ja: "製品", en: "Product" }, fields: [
    { path: "product/name", label: { ja: "製品名", en: "Product name" }, kind: "text" },
    { path: "product/manufacturer", label: { ja: "製造元", en: "Manufacturer" }, kind: "text" },
    { path: "product/origin/species", label: { ja: "由来の生物種", en: "Species of origin" }, kind: "text", suggestions: ["human", "plant", "bovine"] },
    { path: "product/origin/tissue", label: { ja: "由来組織", en: "Tissue" }, kind: "text", suggestions: ["umbilical cord", "adipose", "dental pulp", "bone marrow"] },
    { path: "product/origin/cell_type", label: { ja: "細胞の種類", en: "Cell type" }, kind: "text", suggestions: ["MSC", "SHED"] },
    { path: "product/form", label: { ja: "剤形", en: "Form" }, kind: "text", suggestions: ["liquid", "lyophilized"] },
    { path: "product/intended_routes", label: { ja: "想定される投与経路", en: "Intended routes" }, kind: "routes" },
  ] },
  { legend: { ja: "ロット", en: "Lot" }, fields: [
    { path: "lot/number", label: { ja: "ロット番号", en: "Lot number" }, kind: "text" },
    { path: "lot/manufactured_on", label: { ja: "製造日", en: "Manufactured on" }, kind: "date" },
    { path: "lot/expires_on", label: { ja: "有効期限", en: "Expires on" }, kind: "date" },
    { path: "lot/storage_celsius", label: { ja: "保管温度（℃）", en: "Storage (°C)" }, kind: "number" },
    { path: "lot/volume_ml", label: { ja: "1バイアルの容量（mL）", en: "Volume of one vial (mL)" }, kind: "number" },
  ] },
  { legend: { ja: "ドナー", en: "Donor" }, fields: [
    { path: "donor/consented", label: { ja: "ドナーの同意", en: "Donor consent" }, kind: "yesno" },
    outcome("donor/screening/HBV", "HBV", "HBV"), outcome("donor/screening/HCV", "HCV", "HCV"),
    outcome("donor/screening/HIV", "HIV", "HIV"), outcome("donor/screening/HTLV-1", "HTLV-1", "HTLV-1"),
    outcome("donor/screening/syphilis", "梅毒", "Syphilis"), outcome("donor/screening/parvovirus_B19", "パルボウイルス B19", "Parvovirus B19"),
  ] },
  { legend: { ja: "製造", en: "Manufacturing" }, fields: [
    { path: "manufacturing/gmp", label: { ja: "GMP 準拠", en: "GMP" }, kind: "yesno" },
    { path: "manufacturing/separation", label: { ja: "分離方法（カンマ区切り）", en: "Separation (comma-separated)" }, kind: "list" },
    { path: "manufacturing/sterile_filtration_um", label: { ja: "無菌ろ過（µm）", en: "Sterile filtration (µm)" }, kind: "number" },
    { path: "manufacturing/viral_inactivation", label: { ja: "ウイルス不活化", en: "Viral inactivation" }, kind: "text" },
  ] },
  { legend: { ja: "試験", en: "Tests" }, fields: [
    outcome("tests/sterility", "無菌試験", "Sterility"), outcome("tests/mycoplasma", "マイコプラズマ", "Mycoplasma"),
    { path: "tests/endotoxin_eu_per_ml", label: { ja: "エンドトキシン（EU/mL）", en: "Endotoxin (EU/mL)" }, kind: "number" },
    { path: "tests/particles_per_ml", label: { ja: "粒子数（/mL、例 8e9）", en: "Particles per mL (e.g. 8e9)" }, kind: "number" },
    { path: "tests/particle_method", label: { ja: "粒子測定法", en: "Particle method" }, kind: "text", suggestions: ["NTA", "TRPS", "MRPS", "nFCM", "high-resolution flow cytometry"] },
    { path: "tests/size_mode_nm", label: { ja: "粒子径 最頻値（nm）", en: "Size, mode (nm)" }, kind: "number" },
    { path: "tests/size_d10_nm", label: { ja: "粒子径 d10（nm）", en: "Size, d10 (nm)" }, kind: "number" },
    { path: "tests/size_d90_nm", label: { ja: "粒子径 d90（nm）", en: "Size, d90 (nm)" }, kind: "number" },
    { path: "tests/protein_ug_per_ml", label: { ja: "タンパク質（µg/mL）", en: "Protein (µg/mL)" }, kind: "number" },
    { path: "tests/markers_positive", label: { ja: "陽性マーカー（カンマ区切り）", en: "Positive markers (comma-separated)" }, kind: "list" },
    { path: "tests/markers_negative", label: { ja: "陰性マーカー（カンマ区切り）", en: "Negative markers (comma-separated)" }, kind: "list" },
    { path: "tests/imaging", label: { ja: "形態観察", en: "Imaging" }, kind: "text", suggestions: ["TEM", "cryo-EM", "AFM"] },
  ] },
];

const id = (path: string) => "cert-" + path.replace(/[^a-zA-Z0-9]+/g, "-");
const routes = ["iv", "injection", "microneedle", "topical"];

function input(f: CertField): HTMLElement[] {
  const fid = id(f.path);
  const label = el("label", { for: fid }, tx(f.label));
  if (f.kind === "routes")
    return [el("fieldset", { id: fid }, el("legend", {}, tx(f.label)), ...routes.map((r) =>
      el("label", { class: "inline" }, el("input", { type: "checkbox", class: "check", name: fid, value: r }), ` ${label("route", r)}`)))];
  if (f.kind === "outcome" || f.kind === "yesno") {
    const options: [string, string][] = f.kind === "outcome"
      ? [["", t("cert.not_stated")], ["negative", t("cert.negative")], ["positive", t("cert.positive")], ["not_tested", t("cert.not_tested")]]
      : [["", t("cert.not_stated")], ["true", t("cert.yes")], ["false", t("cert.no")]];
    return [el("div", {}, label, el("select", { id: fid }, ...options.map(([v, l]) => el("option", { value: v }, l))))];
  }
  const attrs: Record<string, string> = { id: fid, type: f.kind === "number" ? "number" : f.kind === "date" ? "date" : "text" };
  if (f.kind === "number") attrs.step = "any";
  if (f.suggestions) attrs.list = fid + "-list";
  const nodes: HTMLElement[] = [label, el("input", attrs)];
  if (f.suggestions) nodes.push(el("datalist", { id: fid + "-list" }, ...f.suggestions.map((v) => el("option", { value: v }))));
  return [el("div", {}, ...nodes)];
}

// The certificate from the filled fields only.
function collect(form: HTMLElement): Record<string, unknown> {
  const doc: Record<string, unknown> = { schema: "exoclinic.certificate/1" };
  const put = (path: string, value: unknown) => {
    const keys = path.split("/");
    let o = doc as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = value;
  };
  for (const g of groups)
    for (const f of g.fields) {
      if (f.kind === "routes") {
        const chosen = [...form.querySelectorAll<HTMLInputElement>(`input[name=${id(f.path)}]:checked`)].map((i) => i.value);
        if (chosen.length) put(f.path, chosen);
        continue;
      }
      const v = (form.querySelector(`#${id(f.path)}`) as HTMLInputElement).value.trim();
      if (!v) continue;
      if (f.kind === "number") put(f.path, Number(v));
      else if (f.kind === "yesno") put(f.path, v === "true");
      else if (f.kind === "list") put(f.path, v.split(/[,、]/).map((x) => x.trim()).filter((x) => x));
      else put(f.path, v);
    }
  return doc;
}

export function certificateForm(): HTMLElement {
  const vials = el("input", { id: "cert-vials", type: "number", min: "0", required: "" });
  const result = el("div", { id: "cert-result", role: "status" });
  const check = el("button", { type: "button", id: "cert-check" }, t("cert.check"));
  const form = el("form", { id: "cert-form" }, el("p", { class: "muted" }, t("cert.intro")),
    ...groups.map((g) => el("fieldset", { class: "fields" }, el("legend", {}, tx(g.legend)), ...g.fields.flatMap(input))),
    el("label", { for: "cert-vials" }, t("lots.vials")), vials,
    el("p", {}, check, " ", el("button", { type: "submit" }, t("lots.import"))), result);
  const fail = (e: unknown) => {
    result.className = "error";
    result.textContent = e instanceof ApiError ? e.message : String(e);
  };
  check.addEventListener("click", async () => {
    try {
      const r = await api<{ verdict: Record<string, string>; not_disclosed: string[] }>(
        "POST", "/api/v1/qc/evaluate", undefined, JSON.stringify(collect(form)));
      result.className = "";
      result.replaceChildren(
        ...Object.entries(r.verdict).flatMap(([route, v]) => [
          chip(`${label("route", route)}: ${t(v === "releasable" ? "lots.releasable" : "lots.not_releasable")}`, v === "releasable" ? "ok" : "bad"), " "]),
        el("p", {}, t("cert.not_disclosed", r.not_disclosed.length)));
    } catch (e) {
      fail(e);
    }
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const lot = await api<{ id: number }>("POST", `/api/v1/lots?vials=${encodeURIComponent(vials.value)}`, undefined, JSON.stringify(collect(form)));
      location.hash = `#/lots/${lot.id}`;
    } catch (e) {
      fail(e);
    }
  });
  return form;
}
