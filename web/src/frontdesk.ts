// The front desk (受付): whether a patient has arrived today, and the button that records it.
// The time is the moment the button is pressed (the server's clock); nobody types it. A check-in
// pressed by mistake is undone after a confirmation, and its record stays.
import { api } from "./api";
import { formatTime, t } from "./i18n";
import { chip, el, whenDone } from "./ui";

export interface CheckIn {
  id: number;
  patient_id: number;
  day: string;
  checked_in_at: string;
  checked_in_by_name: string;
}

// The state and, for a role that may check patients in, the button: 「受付する」 before, and
// 「受付を取り消す」 after. `name` is the patient's, for the confirmation; `changed` runs after a
// stored change (the page reads the day again).
export function checkInControl(
  patientId: number,
  name: string,
  current: CheckIn | null,
  canWrite: boolean,
  changed: () => void,
): HTMLElement {
  const box = el("span", { class: "check-in", "data-patient": String(patientId) });
  // A refusal (checked in already from another desk, say) is shown beside the button.
  const run = (path: string) =>
    whenDone(async () => {
      await api("POST", path, {});
      changed();
    });
  if (current) {
    box.append(
      chip(t("desk.checked_in", formatTime(current.checked_in_at)), "ok"),
      el("span", { class: "muted" }, ` ${current.checked_in_by_name} `),
    );
    if (canWrite) {
      const undo = el(
        "button",
        { type: "button", class: "small secondary", "data-undo-check-in": String(current.id) },
        t("desk.undo"),
      );
      const undoIt = run(`/api/v1/check-ins/${current.id}/undo`);
      undo.addEventListener("click", (ev) => {
        if (window.confirm(t("desk.undo_confirm", name))) undoIt(ev);
      });
      box.append(undo);
    }
  } else {
    box.append(chip(t("desk.not_checked_in"), ""), " ");
    if (canWrite) {
      const button = el(
        "button",
        { type: "button", class: "small", "data-check-in": String(patientId) },
        t("desk.check_in"),
      );
      button.addEventListener("click", run(`/api/v1/patients/${patientId}/check-ins`));
      box.append(button);
    }
  }
  return box;
}
