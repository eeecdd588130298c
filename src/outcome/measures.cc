#include "outcome/measures.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/format.h"
#include "rulefile/toml.h"

namespace exo::outcome {

namespace {

// [[measure.band]] tables: from < to, inside the scale, each starting at or after the previous
// one's end; a source for the cut-offs whenever there are bands.
void ReadBands(const toml::table& t, const std::string& path, Measure& m,
               std::vector<FieldError>& errors) {
  const auto* list = t["band"].as_array();
  if (list == nullptr) return;
  m.bands_source = rulefile::ReadText(toml::node_view<const toml::node>(t["bands_source"].node()),
                                      path + ".bands_source", errors);
  double previous_end = m.min;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = path + ".band[" + std::to_string(i) + "]";
    const auto* b = (*list)[i].as_table();
    if (b == nullptr) {
      errors.push_back({at, "err.required", {}});
      continue;
    }
    Band band;
    const auto from = (*b)["from"].value<double>();
    const auto to = (*b)["to"].value<double>();
    if (!from || !to || *from >= *to || *from < previous_end || *to > m.max)
      errors.push_back({at + ".from",
                        "err.out_of_range",
                        {FormatNumber(from.value_or(0)) + "–" + FormatNumber(to.value_or(0)),
                         FormatNumber(previous_end), FormatNumber(m.max)}});
    band.from = from.value_or(0);
    band.to = to.value_or(0);
    previous_end = std::max(previous_end, band.to);
    band.label = rulefile::ReadText(toml::node_view<const toml::node>((*b)["label"].node()),
                                    at + ".label", errors);
    m.bands.push_back(std::move(band));
  }
}

}  // namespace

Result<std::vector<Measure>> ParseMeasures(std::string_view toml_text) {
  auto doc = rulefile::Parse(toml_text, "measures.toml");
  if (!doc) return doc.error();
  std::vector<FieldError> errors;
  std::vector<Measure> out;
  const auto* list = (*doc)["measure"].as_array();
  if (list == nullptr) return Invalid("measure", "err.required");
  for (size_t i = 0; i < list->size(); ++i) {
    const auto* t = (*list)[i].as_table();
    if (t == nullptr) continue;
    Measure m;
    m.id = (*t)["id"].value<std::string>().value_or("");
    const std::string path = m.id.empty() ? "measure[" + std::to_string(i) + "]" : m.id;
    m.domain = (*t)["domain"].value<std::string>().value_or("");
    if (m.domain != "skin" && m.domain != "hair" && m.domain != "systemic")
      errors.push_back(
          {path + ".domain", "err.expected_one_of", {m.domain, "skin, hair, systemic"}});
    m.name = rulefile::ReadText(toml::node_view<const toml::node>((*t)["name"].node()),
                                path + ".name", errors);
    m.unit = (*t)["unit"].value<std::string>().value_or("");
    const auto min = (*t)["min"].value<double>();
    const auto max = (*t)["max"].value<double>();
    if (!min || !max || *min >= *max)
      errors.push_back({path + ".min", "err.out_of_range", {"min/max", "min", "max"}});
    m.min = min.value_or(0);
    m.max = max.value_or(0);
    m.integer = (*t)["integer"].value<bool>().value_or(false);
    m.direction = (*t)["direction"].value<std::string>().value_or("");
    if (m.direction != "higher_better" && m.direction != "lower_better" && m.direction != "none")
      errors.push_back({path + ".direction",
                        "err.expected_one_of",
                        {m.direction, "higher_better, lower_better, none"}});
    if (const auto* by = (*t)["recorded_by"].as_array())
      for (const auto& v : *by) m.recorded_by.push_back(v.value<std::string>().value_or(""));
    if (m.recorded_by.empty()) errors.push_back({path + ".recorded_by", "err.required", {}});
    m.computed = (*t)["computed"].value<bool>().value_or(false);
    m.questionnaire = (*t)["questionnaire"].value<std::string>().value_or("");
    m.source = (*t)["source"].value<std::string>().value_or("");
    if (m.source.empty()) errors.push_back({path + ".source", "err.required", {}});
    ReadBands(*t, path, m, errors);
    out.push_back(std::move(m));
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return out;
}

Status CheckMeasurement(const Measure& m, double value, const std::string& field) {
  if (!std::isfinite(value) || value < m.min || value > m.max)
    return Invalid(field, "err.out_of_range",
                   {FormatNumber(value), FormatNumber(m.min), FormatNumber(m.max)});
  if (m.integer && std::floor(value) != value)
    return Invalid(field, "err.expected_integer_range",
                   {FormatNumber(value), FormatNumber(m.min), FormatNumber(m.max)});
  return OkStatus();
}

Result<double> ItaDegrees(double l_star, double b_star) {
  if (!(l_star >= 0 && l_star <= 100))
    return Invalid("l_star", "err.out_of_range", {FormatNumber(l_star), "0", "100"});
  if (!std::isfinite(b_star) || b_star == 0)
    return Invalid("b_star", "err.expected_number", {FormatNumber(b_star)});
  return std::atan((l_star - 50) / b_star) * 180.0 / std::numbers::pi;
}

std::string_view ItaCategory(double ita) {
  if (ita > 55) return "very_light";
  if (ita > 41) return "light";
  if (ita > 28) return "intermediate";
  if (ita > 10) return "tan";
  if (ita > -30) return "brown";
  return "dark";
}

}  // namespace exo::outcome
