// The clinic's settings (rules/clinic.toml: identity, time zone, closed days, prices) and the
// alternatives listed with every plan (rules/alternatives.toml).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/messages.h"
#include "core/result.h"
#include "core/route.h"

namespace exo::treatment {

struct ClinicSettings {
  // Who hands the documents out: printed on every page. Empty = not set (the documents say so;
  // nothing is made up).
  std::string name, address, telephone;
  // The clinic's address on the internet ("https://clinic.example.jp"): QR codes on documents
  // link there. Empty = not set.
  std::string public_url;
  // The zone every date and time shown to a person is rendered in (system tz database name).
  std::string time_zone = "Asia/Tokyo";
  std::set<int> closed_weekdays;  // 0 = Sunday ... 6 = Saturday
  std::set<Date> closed_dates;
  std::string currency = "JPY";
  double consumption_tax_rate = 0.10;
  std::map<Route, long long> price_per_session;           // before tax
  std::vector<int> followup_days = {1, 14, 28, 84, 168};  // after each session
  bool IsClosed(Date day) const;
};

struct Alternative {
  std::string id;
  std::vector<std::string> goals;
  Text name, risk, handling, cost, evidence;
  std::string source;
};

Result<ClinicSettings> ParseClinicSettings(std::string_view toml_text);
// The settings as the text of rules/clinic.toml, with the file's explanatory comments; what
// ParseClinicSettings reads back equal. Used by the settings form, which edits values only.
std::string ClinicSettingsToml(const ClinicSettings& s);
// "sunday" ... "saturday" for 0 ... 6.
std::string_view WeekdayName(int weekday);
Result<std::vector<Alternative>> ParseAlternatives(std::string_view toml_text);

int Weekday(Date day);  // 0 = Sunday

// Whether `url` names this machine or no machine (127.x, localhost, ::1, 0.0.0.0): no phone that
// scans a QR code can open it.
bool IsLoopbackUrl(std::string_view url);

}  // namespace exo::treatment
