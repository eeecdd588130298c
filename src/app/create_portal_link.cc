// Use case: a patient portal link for questionnaires (its token shown once, stored hashed).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "app/measurement_steps.h"
#include "app/outcomes.h"
#include "app/token.h"
#include "auth/crypto.h"
#include "core/json_input.h"

namespace exo::app {

using nlohmann::json;

Result<CreatedPortalLink> CreatePortalLink(const OutcomeServices& s, const Actor& actor,
                                           int64_t patient_id, std::string_view json_text) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto parsed = ParseJsonObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  std::vector<FieldError> errors;
  RefuseUnknownMembers(doc, "", {"measures", "days"}, errors);
  store::PortalLink link;
  const auto ms = doc.find("measures");
  if (ms == doc.end() || !ms->is_array() || ms->empty()) {
    errors.push_back({"/measures", "err.expected_array", {"(missing or empty)"}});
  } else {
    for (size_t i = 0; i < ms->size(); ++i) {
      const json& v = (*ms)[i];
      const std::string id = v.is_string() ? v.get<std::string>() : v.dump();
      const outcome::Measure* m = v.is_string() ? outcome::FindMeasure(s.catalogue, id) : nullptr;
      const bool patient_fills =
          m != nullptr && std::find(m->recorded_by.begin(), m->recorded_by.end(), "patient") !=
                              m->recorded_by.end();
      if (m == nullptr)
        errors.push_back({"/measures/" + std::to_string(i), "err.unknown_measure", {id}});
      else if (!patient_fills)
        errors.push_back({"/measures/" + std::to_string(i), "err.portal_measure", {id}});
      else if (std::find(link.measures.begin(), link.measures.end(), id) == link.measures.end())
        link.measures.push_back(id);
    }
  }
  int days = 7;
  if (const auto d = doc.find("days"); d != doc.end()) {
    if (!d->is_number_integer() || d->get<int>() < 1 || d->get<int>() > 30)
      errors.push_back({"/days", "err.expected_integer_range", {d->dump(), "1", "30"}});
    else
      days = d->get<int>();
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  CreatedPortalLink out;
  out.token = NewToken();
  link.clinic_id = actor.clinic_id;
  link.patient_id = patient_id;
  link.token_hash = auth::Sha256Hex(out.token);
  link.created_at = s.clock.Now();
  link.expires_at = Timestamp{link.created_at.unix_seconds + int64_t{days} * 86400};
  link.created_by = actor.name;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.outcomes.InsertPortalLink(link); },
      [&](int64_t id) {
        return AuditNote{"portal_link.create", "patient/" + std::to_string(patient_id),
                         "portal_link/" + std::to_string(id) + " " + JoinList(link.measures)};
      });
  if (!id) return id.error();
  link.id = *id;
  out.link = link;
  out.path = "/portal/" + out.token;
  return out;
}

}  // namespace exo::app
