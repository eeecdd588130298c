#include "outcome/adverse_event.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_input.h"
#include "core/text.h"

namespace exo::outcome {

using nlohmann::json;

namespace {

const std::vector<std::string> kCriteria = {
    "death",      "life_threatening",   "hospitalisation",
    "disability", "congenital_anomaly", "medically_important"};
const std::vector<std::string> kCausality = {"certain",  "probable",    "possible",
                                             "unlikely", "conditional", "unassessable"};
const std::vector<std::string> kOutcomes = {
    "recovered", "recovering", "not_recovered", "recovered_with_sequelae", "fatal", "unknown"};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

Result<AdverseEvent> ParseAdverseEvent(std::string_view json_text, Date today,
                                       const std::vector<std::string>& known_terms) {
  auto parsed = ParseJsonObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  std::vector<FieldError> errors;
  RefuseUnknownMembers(
      doc, "",
      {"patient_id", "onset_date", "description", "term", "ctcae_grade", "serious",
       "seriousness_criteria", "causality", "outcome", "action_taken", "session_ids"},
      errors);
  AdverseEvent e;
  const auto one_of = [&](const char* key, const std::vector<std::string>& allowed) {
    std::string v = JsonString(doc, key, 40, true, errors);
    if (!v.empty() && !In(allowed, v))
      errors.push_back(
          {std::string("/") + key, "err.expected_one_of", {"\"" + v + "\"", Join(allowed)}});
    return v;
  };
  if (const auto it = doc.find("patient_id");
      it == doc.end() || !it->is_number_integer() || it->get<int64_t>() < 1)
    errors.push_back(
        {"/patient_id", "err.expected_integer_positive", {it == doc.end() ? "" : ShortJson(*it)}});
  else
    e.patient_id = it->get<int64_t>();
  const std::string onset = JsonString(doc, "onset_date", 64, true, errors);
  if (!onset.empty()) {
    const auto d = Date::Parse(onset);
    if (!d)
      errors.push_back({"/onset_date", "err.expected_date", {onset}});
    else if (*d > today)
      errors.push_back({"/onset_date", "err.date_in_future", {onset}});
    else
      e.onset_date = *d;
  }
  e.description = JsonString(doc, "description", 4000, true, errors);
  e.term = JsonString(doc, "term", 200, true, errors);
  e.term_coded = In(known_terms, e.term);
  if (const auto it = doc.find("ctcae_grade");
      it == doc.end() || !it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 5)
    errors.push_back({"/ctcae_grade",
                      "err.out_of_range",
                      {it == doc.end() ? "(missing)" : ShortJson(*it), "1", "5"}});
  else
    e.ctcae_grade = it->get<int>();
  if (const auto it = doc.find("serious"); it == doc.end() || !it->is_boolean())
    errors.push_back(
        {"/serious", "err.expected_bool", {it == doc.end() ? "(missing)" : ShortJson(*it)}});
  else
    e.serious = it->get<bool>();
  if (const auto it = doc.find("seriousness_criteria"); it != doc.end() && !it->is_null()) {
    if (!it->is_array()) {
      errors.push_back({"/seriousness_criteria", "err.expected_array", {ShortJson(*it)}});
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        const json& c = (*it)[i];
        if (!c.is_string() || !In(kCriteria, c.get<std::string>()))
          errors.push_back({"/seriousness_criteria/" + std::to_string(i),
                            "err.expected_one_of",
                            {ShortJson(c), Join(kCriteria)}});
        else
          e.seriousness_criteria.push_back(c.get<std::string>());
      }
    }
  }
  e.causality = one_of("causality", kCausality);
  e.outcome = one_of("outcome", kOutcomes);
  e.action_taken = JsonString(doc, "action_taken", 1000, false, errors);
  if (const auto it = doc.find("session_ids"); it != doc.end() && !it->is_null()) {
    if (!it->is_array()) {
      errors.push_back({"/session_ids", "err.expected_array", {ShortJson(*it)}});
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        const json& v = (*it)[i];
        if (!v.is_number_integer() || v.get<int64_t>() < 1)
          errors.push_back({"/session_ids/" + std::to_string(i),
                            "err.expected_integer_positive",
                            {ShortJson(v)}});
        else
          e.session_ids.push_back(v.get<int64_t>());
      }
    }
  }
  if (errors.empty()) {
    if (e.serious && e.seriousness_criteria.empty())
      errors.push_back({"/seriousness_criteria", "err.serious_needs_criteria"});
    if (!e.serious && !e.seriousness_criteria.empty())
      errors.push_back({"/serious", "err.criteria_need_serious"});
    if (e.ctcae_grade == 5 && (e.outcome != "fatal" || !In(e.seriousness_criteria, "death")))
      errors.push_back({"/ctcae_grade", "err.grade5_fatal"});
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return e;
}

}  // namespace exo::outcome
