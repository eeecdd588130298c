// Use case: a session's aftercare sheet as PDF, with a QR code to the lot's public page.
#include "app/audit.h"
#include "app/document_layout.h"
#include "app/plan_view.h"
#include "app/public_url.h"
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
  // The QR code must open on a patient's phone (app/public_url.h).
  auto url = PatientFacingUrl(ps.clinic, s.public_base_url, "/lots/public/" + lot->public_token);
  if (!url) return url.error();
  auto qr = report::QrPng(*url);
  if (!qr) return qr.error();
  treatment::AftercareFacts f;
  f.route = ParseRoute(session->route).value_or(Route::kTopical);
  f.session_date = FormatLocalDateTime(session->performed_at, ps.clinic.time_zone, lang);
  f.product_name = lot->product_name;
  f.lot_number = lot->lot_number;
  f.patient_name = patient->name_kanji;
  f.clinic_phone_line =
      Message("doc.telephone", lang,
              {ps.clinic.telephone.empty() ? Message("doc.not_set", lang) : ps.clinic.telephone});
  report::Document doc = treatment::BuildAftercareDocument(s.rules, f, lang, std::move(*qr));
  report::ApplyPageLayout(doc, ClinicIdentityOf(ps.clinic), patient->name_kanji,
                          Message("doc.id.aftercare", lang, {std::to_string(session_id)}), lang,
                          patient->synthetic);
  RecordAudit(ps.audit, ps.clock, actor, "aftercare.print", PatientObject(session->patient_id),
              AuditOutcome::kAllowed, "session/" + std::to_string(session_id));
  return report::RenderPdf(doc);
}

}  // namespace exo::app
