// Use case: register a patient. A likely duplicate — a patient of the clinic already registered
// with the same birth date and the same name or kana (spaces ignored) — is refused until the
// person registering confirms that this is someone else ("confirmed_distinct": true); the
// program never decides that two records are, or are not, the same person.
#include <string>

#include "app/audit.h"
#include "app/patients.h"

namespace exo::app {

namespace {

// The name without ASCII or ideographic (U+3000) spaces: 「山田 花子」 and 「山田　花子」 match.
std::string WithoutSpaces(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    if (name[i] == ' ' || name[i] == '\t') {
      ++i;
    } else if (name.compare(i, 3, "\u3000") == 0) {
      i += 3;
    } else {
      out += name[i++];
    }
  }
  return out;
}

// The likely duplicates of `p`: "D0004 山田 花子, ..." for the person registering, and the
// patient numbers alone for the audit entry (no names in the log).
struct Duplicates {
  std::string shown, numbers;
};

Result<Duplicates> LikelyDuplicates(const PatientServices& s, const treatment::Patient& p) {
  auto born = s.patients.FindPatientsBornOn(p.clinic_id, p.birth_date);
  if (!born) return born.error();
  Duplicates found;
  for (const auto& other : *born) {
    if (WithoutSpaces(other.name_kanji) != WithoutSpaces(p.name_kanji) &&
        WithoutSpaces(other.name_kana) != WithoutSpaces(p.name_kana))
      continue;
    if (!found.numbers.empty()) found.shown += ", ", found.numbers += ", ";
    found.shown += other.patient_number + " " + other.name_kanji;
    found.numbers += other.patient_number;
  }
  return found;
}

}  // namespace

Result<treatment::Patient> RegisterPatient(const PatientServices& s, const Actor& actor,
                                           std::string_view patient_json, PatientOrigin origin) {
  auto p = treatment::ParsePatient(patient_json, s.clock.Today());
  if (!p) return p.error();
  p->clinic_id = actor.clinic_id;
  p->synthetic = origin == PatientOrigin::kSyntheticDemo;
  p->created_at = s.clock.Now();
  auto duplicates = LikelyDuplicates(s, *p);
  if (!duplicates) return duplicates.error();
  if (!duplicates->numbers.empty() && !p->confirmed_distinct) {
    Error e = Conflict("err.patient_likely_duplicate", {duplicates->shown});
    e.fields.push_back({"/confirmed_distinct", "err.patient_confirm_distinct", {}});
    return e;
  }
  std::string detail =
      duplicates->numbers.empty() ? "" : "confirmed distinct from " + duplicates->numbers;
  if (p->synthetic)
    detail = detail.empty() ? "synthetic demo patient" : detail + "; synthetic demo patient";
  return RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.patients.InsertPatient(*p); },
      [&detail](const treatment::Patient& stored) {
        return AuditNote{"patient.create", PatientObject(stored.id), detail};
      });
}

}  // namespace exo::app
