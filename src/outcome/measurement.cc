#include "outcome/measurement.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/json_input.h"
#include "core/text.h"
#include "outcome/questionnaire.h"

namespace exo::outcome {

using nlohmann::json;

namespace {

Result<json> ParseObject(std::string_view text) { return ParseJsonObject(text); }

Status ValueFrom(const json& doc, const Measure& m, MeasurementEntry& e) {
  if (!m.questionnaire.empty()) {
    const auto q = ParseQuestionnaire(m.questionnaire);
    const auto it = doc.find("answers");
    if (!q || it == doc.end() || !it->is_array())
      return Invalid("/answers", "err.expected_array",
                     {it == doc.end() ? "(missing)" : ShortJson(*it)});
    std::vector<std::optional<int>> answers;
    std::vector<FieldError> errors;
    for (size_t i = 0; i < it->size(); ++i) {
      const json& a = (*it)[i];
      if (a.is_null()) {
        answers.emplace_back();
      } else if (a.is_number_integer() && std::abs(a.get<int64_t>()) < 100000) {
        answers.emplace_back(a.get<int>());
      } else {
        errors.push_back(
            {"/answers/" + std::to_string(i + 1), "err.expected_integer", {ShortJson(a)}});
        answers.emplace_back();
      }
    }
    if (!errors.empty()) return InvalidFields(std::move(errors));
    auto score = ScoreQuestionnaire(*q, answers);
    if (!score) return score.error();
    e.value = score->total;
    json sub = json::object();
    for (const auto& s : score->sub_scores) sub[s.name] = s.value;
    e.detail_json = json{
        {"answers", *it},
        {"band", score->band},
        {"prorated", score->prorated},
        {"sub_scores", sub},
        {"alerts",
         score->alerts}}.dump();
    return OkStatus();
  }
  if (m.computed) {  // ITA° from L* and b*
    const auto l = doc.find("l_star"), b = doc.find("b_star");
    std::vector<FieldError> errors;
    if (l == doc.end() || !l->is_number())
      errors.push_back(
          {"/l_star", "err.expected_number", {l == doc.end() ? "(missing)" : ShortJson(*l)}});
    if (b == doc.end() || !b->is_number())
      errors.push_back(
          {"/b_star", "err.expected_number", {b == doc.end() ? "(missing)" : ShortJson(*b)}});
    if (!errors.empty()) return InvalidFields(std::move(errors));
    auto ita = ItaDegrees(l->get<double>(), b->get<double>());
    if (!ita) {
      Error err = ita.error();
      for (auto& f : err.fields) f.field = "/" + f.field;
      return err;
    }
    e.value = std::round(*ita * 100) / 100;
    e.detail_json = json{{"l_star", l->get<double>()},
                         {"b_star", b->get<double>()},
                         {"category", std::string(ItaCategory(*ita))}}
                        .dump();
    return OkStatus();
  }
  const auto v = doc.find("value");
  if (v == doc.end() || !v->is_number() || !std::isfinite(v->get<double>()))
    return Invalid("/value", "err.expected_number", {v == doc.end() ? "(missing)" : ShortJson(*v)});
  if (auto ok = CheckMeasurement(m, v->get<double>(), "/value"); !ok) return ok.error();
  e.value = v->get<double>();
  e.detail_json = "{}";
  return OkStatus();
}

}  // namespace

const Measure* FindMeasure(const std::vector<Measure>& catalogue, std::string_view id) {
  for (const auto& m : catalogue)
    if (m.id == id) return &m;
  return nullptr;
}

Status ParseMeasuredValue(std::string_view json_text, const Measure& measure,
                          MeasurementEntry& entry) {
  auto doc = ParseObject(json_text);
  if (!doc) return doc.error();
  return ValueFrom(*doc, measure, entry);
}

Result<MeasurementEntry> ParseMeasurement(std::string_view json_text,
                                          const std::vector<Measure>& catalogue, Date today) {
  auto parsed = ParseObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  std::vector<FieldError> errors;
  RefuseUnknownMembers(doc, "",
                       {"patient_id", "measure", "measured_on", "time_point", "session_id", "photo",
                        "note", "value", "answers", "l_star", "b_star"},
                       errors);
  MeasurementEntry e;
  const auto str = [&](const char* key, size_t max) -> std::optional<std::string> {
    const auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return std::nullopt;
    if (!it->is_string() || it->get<std::string>().size() > max) {
      errors.push_back({std::string("/") + key, "err.expected_string", {ShortJson(*it)}});
      return std::nullopt;
    }
    return it->get<std::string>();
  };
  if (const auto it = doc.find("patient_id");
      it == doc.end() || !it->is_number_integer() || it->get<int64_t>() < 1)
    errors.push_back(
        {"/patient_id", "err.expected_integer_positive", {it == doc.end() ? "" : ShortJson(*it)}});
  else
    e.patient_id = it->get<int64_t>();
  const Measure* measure = nullptr;
  if (const auto id = str("measure", 64); !id) {
    if (doc.find("measure") == doc.end()) errors.push_back({"/measure", "err.required", {}});
  } else if (measure = FindMeasure(catalogue, *id); !measure) {
    errors.push_back({"/measure", "err.unknown_measure", {*id}});
  } else {
    e.measure_id = *id;
  }
  if (const auto d = str("measured_on", 64); !d) {
    if (doc.find("measured_on") == doc.end())
      errors.push_back({"/measured_on", "err.required", {}});
  } else if (const auto date = Date::Parse(*d); !date) {
    errors.push_back({"/measured_on", "err.expected_date", {*d}});
  } else if (*date > today) {
    errors.push_back({"/measured_on", "err.date_in_future", {*d}});
  } else {
    e.measured_on = *date;
  }
  if (const auto tp = str("time_point", 20)) {
    if (*tp == "baseline")
      e.baseline = true;
    else if (*tp == "follow_up")
      e.baseline = false;
    else
      errors.push_back({"/time_point", "err.expected_one_of", {*tp, "baseline, follow_up"}});
  }
  if (const auto it = doc.find("session_id"); it != doc.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1)
      errors.push_back({"/session_id", "err.expected_integer_positive", {ShortJson(*it)}});
    else
      e.session_id = it->get<int64_t>();
  }
  e.photo = str("photo", 200).value_or("");
  e.note = str("note", 2000).value_or("");
  if (measure) {
    if (auto ok = ValueFrom(doc, *measure, e); !ok)
      for (const auto& f : ok.error().fields) errors.push_back(f);
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return e;
}

Result<std::optional<int>> CheckTimePoint(const MeasurementEntry& e,
                                          std::optional<SessionDay> first_session,
                                          std::optional<SessionDay> linked, bool& baseline) {
  if (linked && e.measured_on < linked->day)
    return Invalid("/measured_on", "err.measured_before_linked_session",
                   {e.measured_on.ToString(), std::to_string(linked->id), linked->day.ToString()});
  if (!first_session) {
    if (e.baseline == false) return Invalid("/time_point", "err.no_session_yet");
    baseline = true;
    return std::optional<int>();
  }
  const int days = DaysBetween(first_session->day, e.measured_on);
  baseline = e.baseline.value_or(days < 0);
  const std::vector<std::string> args = {
      e.measured_on.ToString(), std::to_string(first_session->id), first_session->day.ToString()};
  if (baseline && days > 0) return Invalid("/time_point", "err.baseline_after_first_session", args);
  if (!baseline && days < 0) return Invalid("/measured_on", "err.before_first_session", args);
  return std::optional<int>(days);
}

}  // namespace exo::outcome
