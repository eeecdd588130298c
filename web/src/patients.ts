// Patient pages: search by kanji, kana or patient number; registration; a patient's timeline
// with a chart of each measure over time (SVG drawn by the server) and the outcome report.
import { api, ApiError } from "./api";
import { formatDate, lang, t, label } from "./i18n";
import { measureChart } from "./charts";
import { clinicalSections } from "./clinical";
import { el, page, table } from "./ui";

interface Patient {
  id: number; patient_number: string; name_kanji: string; name_kana: string; birth_date: string; age: number; sex: string;
  phone: string; email: string; address: string;
}
interface Entry { at: string; kind: string; id: number; summary: string }
interface Measurement { measure: string; current: boolean; measured_on: string; value: number }
interface MeasureInfo { id: string; name: string; min: number; max: number }

export async function patientsPage(query: string, canWrite: boolean): Promise<void> {
  const q = el("input", { id: "patient-query", name: "q", value: query, type: "search" });
  const form = el("form", { role: "search", class: "card" }, el("label", { for: "patient-query" }, t("patients.search")), q,
    el("p", {}, el("button", { type: "submit" }, t("patients.search_button"))));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = `#/patients?q=${encodeURIComponent(q.value)}`;
  });
  const r = await api<{ patients: Patient[] }>("GET", `/api/v1/patients?q=${encodeURIComponent(query)}`);
  const content: Node[] = [
    form,
    table([t("patients.number"), t("patients.name"), t("patients.kana"), t("patients.age")],
      r.patients.map((p) => [p.patient_number, el("a", { href: `#/patients/${p.id}` }, p.name_kanji), p.name_kana, String(p.age)])),
  ];
  if (canWrite) content.push(registerForm());
  page(t("patients.title"), ...content);
}

function registerForm(): HTMLElement {
  const field = (id: string, label: string, attrs: Record<string, string> = {}) => [
    el("label", { for: id }, label),
    el("input", { id, name: id, ...attrs }),
  ];
  const sex = el("select", { id: "sex", name: "sex" },
    ...["female", "male", "other", "unknown"].map((s) => el("option", { value: s }, label("sex", s))));
  const message = el("p", { role: "status" });
  const form = el("form", { class: "card", id: "register-form" }, el("h2", {}, t("patients.register")),
    ...field("name_kanji", t("patients.name"), { required: "" }),
    ...field("name_kana", t("patients.kana"), { required: "" }),
    ...field("birth_date", t("patients.birth_date"), { type: "date", required: "" }),
    el("label", { for: "sex" }, t("patients.sex")), sex,
    ...field("phone", t("patients.phone"), { type: "tel", autocomplete: "off" }),
    ...field("email", t("patients.email"), { type: "email", autocomplete: "off" }),
    ...field("address", t("patients.address"), { autocomplete: "off" }),
    el("p", {}, el("button", { type: "submit" }, t("patients.register"))), message);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    for (const k of ["phone", "email", "address"]) if (!data[k]) delete data[k];
    try {
      const p = await api<Patient>("POST", "/api/v1/patients", data);
      location.hash = `#/patients/${p.id}`;
    } catch (e) {
      message.textContent = e instanceof ApiError ? e.message : String(e);
      message.className = "error";
    }
  });
  return form;
}

export async function patientPage(id: string, permissions: string[]): Promise<void> {
  const clinical = permissions.includes("clinical.read");
  const p = await api<Patient>("GET", `/api/v1/patients/${id}`);
  const contact = [p.phone, p.email, p.address].filter((x) => x).join(" · ");
  const content: Node[] = [el("p", {}, `${p.name_kana} · ${formatDate(p.birth_date)} (${p.age}) · ${label("sex", p.sex)}`),
    el("p", { class: "muted", id: "contact" }, contact || t("patients.no_contact"))];
  if (clinical) {
    const [timeline, measurements, catalogue, sessions] = await Promise.all([
      api<{ timeline: Entry[] }>("GET", `/api/v1/patients/${id}/timeline?lang=${lang()}`),
      api<{ measurements: Measurement[] }>("GET", `/api/v1/patients/${id}/measurements`),
      api<{ measures: MeasureInfo[] }>("GET", "/api/v1/measures"),
      api<{ sessions: { performed_at: string }[] }>("GET", `/api/v1/patients/${id}/sessions`),
    ]);
    const measures = [...new Set(measurements.measurements.filter((m) => m.current).map((m) => m.measure))];
    content.push(...(await clinicalSections(id, permissions, () => void patientPage(id, permissions))));
    content.push(
      el("p", {}, el("a", { href: `/api/v1/patients/${id}/outcome-report.pdf?lang=${lang()}` }, t("patients.outcome_report"))),
      el("h2", {}, t("patients.charts")),
      measures.length === 0
        ? el("p", { class: "muted" }, t("patients.no_measurements"))
        : el("div", { id: "charts" }, ...measures.map((m) => {
            const info = catalogue.measures.find((c) => c.id === m);
            return measureChart(info?.name ?? m, measurements.measurements.filter((x) => x.measure === m),
              sessions.sessions.map((x) => x.performed_at), [info?.min ?? 0, info?.max ?? 100]);
          })),
      el("h2", {}, t("patients.timeline")),
      table([t("patients.when"), t("patients.what"), t("patients.summary")],
        timeline.timeline.map((e) => [formatDate(e.at), label("kind", e.kind), e.summary])),
    );
  }
  page(`${p.name_kanji} (${p.patient_number})`, ...content);
}
