#include "treatment/clinic_settings.h"

#include <toml++/toml.h>

#include <sstream>

#include "rulefile/toml.h"

namespace exo::treatment {

int Weekday(Date day) {
  // 1970-01-01 was a Thursday.
  const int d = (day.days_since_epoch() % 7 + 7) % 7;
  return (d + 4) % 7;
}

bool ClinicSettings::IsClosed(Date day) const {
  return closed_weekdays.count(Weekday(day)) > 0 || closed_dates.count(day) > 0;
}

Result<ClinicSettings> ParseClinicSettings(std::string_view toml_text) {
  auto doc = rulefile::Parse(toml_text, "clinic.toml");
  if (!doc) return doc.error();
  std::vector<FieldError> errors;
  ClinicSettings s;
  static const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                "thursday", "friday", "saturday"};
  if (const auto* w = (*doc)["closed"]["weekdays"].as_array()) {
    for (const auto& v : *w) {
      const std::string name = v.value<std::string>().value_or("");
      bool ok = false;
      for (int i = 0; i < 7; ++i)
        if (name == kDays[i]) s.closed_weekdays.insert(i), ok = true;
      if (!ok)
        errors.push_back({"closed.weekdays", "err.expected_one_of", {name, "sunday ... saturday"}});
    }
  }
  if (const auto* d = (*doc)["closed"]["dates"].as_array()) {
    for (const auto& v : *d) {
      const auto date = Date::Parse(v.value<std::string>().value_or(""));
      if (!date)
        errors.push_back(
            {"closed.dates", "err.expected_date", {v.value<std::string>().value_or("?")}});
      else
        s.closed_dates.insert(*date);
    }
  }
  s.currency = (*doc)["prices"]["currency"].value<std::string>().value_or("JPY");
  s.consumption_tax_rate = (*doc)["prices"]["consumption_tax_rate"].value<double>().value_or(-1);
  if (s.consumption_tax_rate < 0 || s.consumption_tax_rate > 1)
    errors.push_back({"prices.consumption_tax_rate", "err.out_of_range", {"?", "0", "1"}});
  for (Route r : kAllRoutes) {
    const auto price = (*doc)["prices"]["per_session"][std::string(RouteName(r))].value<int64_t>();
    if (!price || *price < 0) {
      errors.push_back(
          {"prices.per_session." + std::string(RouteName(r)), "err.expected_number_nonneg", {"?"}});
      continue;
    }
    s.price_per_session[r] = *price;
  }
  if (const auto* days = (*doc)["followups"]["days"].as_array()) {
    s.followup_days.clear();
    for (const auto& v : *days) {
      const auto d = v.value<int64_t>();
      if (!d || *d < 0 || *d > 3650)
        errors.push_back({"followups.days", "err.out_of_range", {"?", "0", "3650"}});
      else
        s.followup_days.push_back(static_cast<int>(*d));
    }
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return s;
}

Result<std::vector<Alternative>> ParseAlternatives(std::string_view toml_text) {
  auto doc = rulefile::Parse(toml_text, "alternatives.toml");
  if (!doc) return doc.error();
  std::vector<FieldError> errors;
  std::vector<Alternative> out;
  const auto* list = (*doc)["alternative"].as_array();
  if (list == nullptr) return Invalid("alternative", "err.required");
  for (const auto& node : *list) {
    const auto* t = node.as_table();
    if (t == nullptr) continue;
    Alternative a;
    a.id = (*t)["id"].value<std::string>().value_or("");
    const auto text = [&](const char* key) {
      Text x{(*t)[key]["ja"].value<std::string>().value_or(""),
             (*t)[key]["en"].value<std::string>().value_or("")};
      if (x.ja.empty() || x.en.empty()) errors.push_back({a.id + "." + key, "err.required", {}});
      return x;
    };
    a.name = text("name");
    a.risk = text("risk");
    a.handling = text("handling");
    a.cost = text("cost");
    a.evidence = text("evidence");
    a.source = (*t)["source"].value<std::string>().value_or("");
    if (const auto* g = (*t)["goals"].as_array())
      for (const auto& v : *g) a.goals.push_back(v.value<std::string>().value_or(""));
    if (a.id.empty()) errors.push_back({"alternative.id", "err.required", {}});
    out.push_back(std::move(a));
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return out;
}

}  // namespace exo::treatment
