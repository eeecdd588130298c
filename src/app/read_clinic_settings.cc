// Use case: the clinic settings as JSON for a form.
#include "app/rule_files.h"
#include "app/rules.h"
#include "core/route.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

Result<nlohmann::json> ReadClinicSettingsJson(const std::string& rules_dir) {
  auto s = LoadClinicSettings(rules_dir);
  if (!s) return s.error();
  nlohmann::json weekdays = nlohmann::json::array(), dates = nlohmann::json::array(),
                 prices = nlohmann::json::object();
  for (int d : s->closed_weekdays) weekdays.push_back(treatment::WeekdayName(d));
  for (Date d : s->closed_dates) dates.push_back(d.ToString());
  for (const auto& [route, price] : s->price_per_session) prices[RouteName(route)] = price;
  return nlohmann::json{{"clinic",
                         {{"name", s->name},
                          {"address", s->address},
                          {"telephone", s->telephone},
                          {"public_url", s->public_url},
                          {"time_zone", s->time_zone}}},
                        {"closed", {{"weekdays", weekdays}, {"dates", dates}}},
                        {"prices",
                         {{"currency", s->currency},
                          {"consumption_tax_rate", s->consumption_tax_rate},
                          {"per_session", prices}}},
                        {"followups", {{"days", s->followup_days}}}};
}

}  // namespace exo::app
