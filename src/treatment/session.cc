#include "treatment/session.h"

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/format.h"
#include "core/json_input.h"
#include "core/text.h"

namespace exo::treatment {

using nlohmann::json;

Result<SessionRequest> ParseSessionRequest(std::string_view json_text, Timestamp now) {
  auto parsed = ParseJsonObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  std::vector<FieldError> errors;
  RefuseUnknownMembers(
      doc, "",
      {"plan_id", "operator", "performed_at", "dose_particles", "volume_ml", "vials_used", "sites",
       "vitals", "reactions", "notes", "interval_override_reason"},
      errors);
  SessionRequest r;
  const auto number = [&](const json& obj, const std::string& path, double lo, double hi,
                          bool integer, bool required) -> std::optional<double> {
    const std::string key = path.substr(path.rfind('/') + 1);
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) errors.push_back({path, "err.required", {}});
      return std::nullopt;
    }
    if (!it->is_number() || (integer && !it->is_number_integer()) || it->get<double>() < lo ||
        it->get<double>() > hi) {
      errors.push_back(
          {path, "err.out_of_range", {ShortJson(*it), FormatNumber(lo), FormatNumber(hi)}});
      return std::nullopt;
    }
    return it->get<double>();
  };
  if (auto v = number(doc, "/plan_id", 1, 9e15, true, true)) r.plan_id = static_cast<int64_t>(*v);
  r.operator_name = JsonString(doc, "operator", 100, true, errors);
  if (doc.contains("operator") && r.operator_name.find_first_not_of(' ') == std::string::npos &&
      doc["operator"].is_string())
    errors.push_back({"/operator", "err.empty_string", {}});
  const std::string at = JsonString(doc, "performed_at", 40, false, errors);
  if (!at.empty()) {
    r.performed_at = ParseInstant(at);
    if (!r.performed_at)
      errors.push_back({"/performed_at", "err.expected_timestamp", {at}});
    else if (r.performed_at->unix_seconds > now.unix_seconds + 300)
      errors.push_back({"/performed_at", "err.date_in_future", {at}});
  }
  r.dose_particles = number(doc, "/dose_particles", 1, 1e15, false, false);
  r.volume_ml = number(doc, "/volume_ml", 0.001, 1000, false, false);
  if (auto v = number(doc, "/vials_used", 1, 100, true, false)) r.vials_used = static_cast<int>(*v);
  if (const auto it = doc.find("sites"); it != doc.end() && !it->is_null()) {
    if (!it->is_array()) {
      errors.push_back({"/sites", "err.expected_array", {ShortJson(*it)}});
    } else {
      for (const auto& s : *it) {
        if (!s.is_string())
          errors.push_back({"/sites", "err.expected_string", {ShortJson(s)}});
        else
          r.sites.push_back(s.get<std::string>());
      }
    }
  }
  if (const auto it = doc.find("vitals"); it != doc.end() && !it->is_null()) {
    if (!it->is_object()) {
      errors.push_back({"/vitals", "err.expected_object", {ShortJson(*it)}});
    } else {
      const json& v = *it;
      RefuseUnknownMembers(
          v, "/vitals", {"bp_systolic", "bp_diastolic", "pulse", "temperature_c", "spo2"}, errors);
      if (auto x = number(v, "/vitals/bp_systolic", 50, 260, true, false))
        r.vitals.bp_systolic = static_cast<int>(*x);
      if (auto x = number(v, "/vitals/bp_diastolic", 30, 160, true, false))
        r.vitals.bp_diastolic = static_cast<int>(*x);
      if (auto x = number(v, "/vitals/pulse", 30, 220, true, false))
        r.vitals.pulse = static_cast<int>(*x);
      r.vitals.temperature_c = number(v, "/vitals/temperature_c", 34, 42, false, false);
      if (auto x = number(v, "/vitals/spo2", 70, 100, true, false))
        r.vitals.spo2 = static_cast<int>(*x);
    }
  }
  r.reactions = JsonString(doc, "reactions", 2000, false, errors);
  r.notes = JsonString(doc, "notes", 4000, false, errors);
  r.interval_override_reason = JsonString(doc, "interval_override_reason", 2000, false, errors);
  if (!r.interval_override_reason.empty() &&
      r.interval_override_reason.find_first_not_of(" \t") == std::string::npos)
    errors.push_back({"/interval_override_reason", "err.empty_string", {}});
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return r;
}

}  // namespace exo::treatment
