// Use case: a session's aftercare sheet as PDF, with a QR code to the lot's public page.
#include "app/audit.h"
#include "app/plan_view.h"
#include "app/sessions.h"
#include "core/local_time.h"
#include "report/qr.h"
#include "treatment/aftercare.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::string> AftercarePdf(const AftercareServices& s, const Actor& actor, int64_t session_id,
                                 Lang lang) {
  const AftercareServices& ps = s;
  auto session = s.sessions.FindTreatmentSession(actor.clinic_id, session_id);
  if (!session) return session.error();
  auto lot = ps.lots.FindLot(actor.clinic_id, session->lot_id);
  if (!lot) return lot.error();
  auto patient = ps.patients.FindPatient(actor.clinic_id, session->patient_id);
  if (!patient) return patient.error();
  const std::string url = s.public_base_url + "/lots/public/" + lot->public_token;
  auto qr = report::QrPng(url);
  if (!qr) return qr.error();
  treatment::AftercareFacts f;
  f.route = ParseRoute(session->route).value_or(Route::kTopical);
  f.session_date = FormatLocalDateTime(session->performed_at, ps.clinic.time_zone, lang);
  f.product_name = lot->product_name;
  f.lot_number = lot->lot_number;
  f.patient_name = patient->name_kanji;
  RecordAudit(ps.audit, ps.clock, actor, "aftercare.print", PatientObject(session->patient_id),
              AuditOutcome::kAllowed, "session/" + std::to_string(session_id));
  return report::RenderPdf(treatment::BuildAftercareDocument(s.rules, f, lang, std::move(*qr)));
}

}  // namespace exo::app
