#include "consent/consent.h"

#include <toml++/toml.h>

#include <optional>
#include <sstream>
#include <string>

#include "rulefile/toml.h"

namespace exo::consent {

Result<ConsentTemplate> ParseConsentTemplate(std::string_view toml_text) {
  auto parsed = rulefile::Parse(toml_text, "consent template");
  if (!parsed) return parsed.error();
  const toml::table& doc = *parsed;
  std::vector<FieldError> errors;
  ConsentTemplate t;
  t.title = doc["title"].value<std::string>().value_or("");
  t.version = doc["version"].value<std::string>().value_or("");
  if (t.title.empty()) errors.push_back({"title", "err.required", {}});
  if (const auto* sections = doc["section"].as_array()) {
    for (const auto& node : *sections) {
      const auto* s = node.as_table();
      if (s == nullptr) continue;
      t.sections.push_back({(*s)["heading"].value<std::string>().value_or(""),
                            (*s)["text"].value<std::string>().value_or("")});
    }
  }
  if (t.sections.empty()) errors.push_back({"section", "err.required", {}});
  for (Route r : kAllRoutes) {
    const std::string name(RouteName(r));
    const auto risk = doc["risks"][name].value<std::string>();
    const auto word = doc["words"][name].value<std::string>();
    if (!risk) errors.push_back({"risks." + name, "err.required", {}});
    if (!word) errors.push_back({"words." + name, "err.required", {}});
    t.risks[name] = risk.value_or("");
    t.words[name] = word.value_or("");
  }
  if (const auto* words = doc["words"].as_table())
    for (const auto& [key, value] : *words)
      if (auto v = value.value<std::string>()) t.words[std::string(key.str())] = *v;
  for (const char* w :
       {"signature", "patient", "date", "physician", "representative", "relationship"}) {
    const auto v = doc["words"][w].value<std::string>();
    if (!v) errors.push_back({std::string("words.") + w, "err.required", {}});
    t.words[w] = v.value_or("");
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return t;
}

namespace {

std::string Fill(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const size_t end = text.find('}', i);
      if (end != std::string::npos) {
        const auto it = values.find(text.substr(i + 1, end - i - 1));
        if (it != values.end()) {
          out += it->second;
          i = end;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

bool IsSpecifiedContinuousService(const std::vector<Date>& schedule, long long total,
                                  std::string_view currency, bool cosmetic) {
  if (!cosmetic || schedule.empty() || currency != "JPY" || total <= 50'000) return false;
  // One month after the first session: the same day of the next month, or that month's last
  // day when it has no such day (1 Jan -> 1 Feb, 31 Jan -> 28/29 Feb).
  const std::string first = schedule.front().ToString();
  int year = std::stoi(first.substr(0, 4)), month = std::stoi(first.substr(5, 2)) + 1;
  const int day = std::stoi(first.substr(8, 2));
  if (month == 13) month = 1, ++year;
  std::optional<Date> month_later;
  for (int d = day; !month_later && d >= 28; --d) month_later = Date::FromYmd(year, month, d);
  if (!month_later) month_later = Date::FromYmd(year, month, day);
  return month_later && schedule.back() > *month_later;
}

report::Document BuildConsentDocument(const ConsentTemplate& t, const ConsentFacts& f,
                                      const std::optional<Signature>& signature) {
  const std::string route(RouteName(f.route));
  const std::map<std::string, std::string> values = {
      {"patient_name", f.patient_name},
      {"route_name", t.words.at(route)},
      {"route_risks", t.risks.at(route)},
      {"goals", f.goals},
      {"sites", f.sites},
      {"sessions", std::to_string(f.sessions)},
      {"interval_days", std::to_string(f.interval_days)},
      {"schedule", f.schedule},
      {"dose_particles", f.dose_particles},
      {"dose_ml", f.dose_ml},
      {"product_name", f.product_name},
      {"lot_number", f.lot_number},
      {"manufacturer", f.manufacturer},
      {"origin", f.origin},
      {"cost_per_session", f.cost_per_session},
      {"cost_subtotal", f.cost_subtotal},
      {"cost_tax", f.cost_tax},
      {"cost_total", f.cost_total},
      {"currency", f.currency},
      {"alternatives", f.alternatives},
      {"clinic_physician", f.physician},
      {"cooling_off", f.cooling_off},
  };
  report::Document doc;
  doc.title = t.title;
  doc.subtitle = t.words.at("patient") + ": " + f.patient_name;
  doc.footer = f.patient_name + " · " + t.title;
  for (const auto& s : t.sections) doc.sections.push_back({s.heading, Fill(s.text, values)});
  doc.closing_lines.push_back(t.words.at("signature"));
  if (signature) {
    if (signature->relationship.empty())
      doc.closing_lines.push_back(t.words.at("patient") + ": " + signature->typed_name);
    else
      doc.closing_lines.push_back(t.words.at("representative") + ": " + signature->typed_name +
                                  " (" + t.words.at("relationship") + ": " +
                                  signature->relationship + ")");
    doc.closing_lines.push_back(t.words.at("date") + ": " + signature->signed_on);
    doc.signature_png = signature->png;
  } else {
    doc.closing_lines.push_back(t.words.at("patient") + ": ______________________________");
    doc.closing_lines.push_back(t.words.at("date") + ": ______________");
  }
  doc.closing_lines.push_back(t.words.at("physician") + ": " + f.physician);
  return doc;
}

}  // namespace exo::consent
