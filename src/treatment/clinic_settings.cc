#include "treatment/clinic_settings.h"

#include <toml++/toml.h>

#include <cctype>
#include <sstream>
#include <utility>

#include "core/local_time.h"
#include "core/utf8.h"
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

namespace {
constexpr const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                 "thursday", "friday", "saturday"};

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string_view WeekdayName(int weekday) { return kDays[((weekday % 7) + 7) % 7]; }

std::string ClinicSettingsToml(const ClinicSettings& s) {
  std::ostringstream o;
  o << "# The clinic's own settings (schema exoclinic.clinic/1): closed days for the schedule, "
       "the\n"
       "# self-pay price list. The admin may edit this file. Prices are examples, not advice.\n"
       "# Written by the settings page of exoclinic.\n\n"
       "schema = \"exoclinic.clinic/1\"\n\n"
       "[clinic]\n"
       "# The clinic's name, address and telephone, printed on every document page. Left empty,\n"
       "# the documents say they are not set.\n"
       "name = "
    << Quoted(s.name) << "\naddress = " << Quoted(s.address)
    << "\ntelephone = " << Quoted(s.telephone)
    << "\n# The clinic's public address (https://...): the QR code of the aftercare sheet links "
       "to\n"
       "# the lot page there. The sheet is not printed while it is empty or this machine only.\n"
       "public_url = "
    << Quoted(s.public_url)
    << "\n# The time zone dates and times are shown in (a name of the tz database).\n"
       "time_zone = "
    << Quoted(s.time_zone)
    << "\n\n"
       "[closed]\n"
       "# Weekdays the clinic is closed, and single closed dates (YYYY-MM-DD).\n"
       "weekdays = [";
  const char* sep = "";
  for (int d : s.closed_weekdays) o << std::exchange(sep, ", ") << Quoted(WeekdayName(d));
  o << "]\ndates = [";
  sep = "";
  for (Date d : s.closed_dates) o << std::exchange(sep, ", ") << Quoted(d.ToString());
  o << "]\n\n[prices]\ncurrency = " << Quoted(s.currency) << "\n"
    << "# Japanese consumption tax (消費税), shown separately on every estimate.\n"
    << "consumption_tax_rate = " << toml::value<double>(s.consumption_tax_rate) << "\n\n"
    << "# Price of one session by route, before tax.\n[prices.per_session]\n";
  for (const auto& [route, price] : s.price_per_session)
    o << RouteName(route) << " = " << price << "\n";
  o << "\n[followups]\n"
       "# Follow-up tasks created after every session, in days after it. Clinic practice, not\n"
       "# evidence-based.\n"
       "days = [";
  sep = "";
  for (int d : s.followup_days) o << std::exchange(sep, ", ") << d;
  o << "]\n";
  return o.str();
}

Result<ClinicSettings> ParseClinicSettings(std::string_view toml_text) {
  auto doc = rulefile::Parse(toml_text, "clinic.toml");
  if (!doc) return doc.error();
  std::vector<FieldError> errors;
  ClinicSettings s;
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
  const auto identity = [&](const char* key, size_t max_chars) {
    std::string v = (*doc)["clinic"][key].value<std::string>().value_or("");
    if (CodePoints(v) > max_chars)
      errors.push_back({std::string("clinic.") + key,
                        "err.string_too_long",
                        {std::to_string(CodePoints(v)), std::to_string(max_chars)}});
    return v;
  };
  s.name = identity("name", 100);
  s.address = identity("address", 200);
  s.telephone = identity("telephone", 30);
  if (!s.telephone.empty() && s.telephone.find_first_not_of("0123456789+-() ") != std::string::npos)
    errors.push_back({"clinic.telephone", "err.bad_telephone", {s.telephone}});
  s.public_url = identity("public_url", 200);
  while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
  if (!s.public_url.empty() && s.public_url.rfind("https://", 0) != 0 &&
      s.public_url.rfind("http://", 0) != 0)
    errors.push_back({"clinic.public_url", "err.bad_public_url", {s.public_url}});
  s.time_zone =
      (*doc)["clinic"]["time_zone"].value<std::string>().value_or(std::string(kDefaultTimeZone));
  if (!IsKnownTimeZone(s.time_zone))
    errors.push_back({"clinic.time_zone", "err.unknown_time_zone", {s.time_zone}});
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

bool IsLoopbackUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view host = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (!host.empty() && host.front() == '[') {  // [::1]:8080
    host = host.substr(1, host.find(']') - 1);
  } else if (host.find(':') == host.rfind(':')) {  // host:port, not a bare IPv6 address
    host = host.substr(0, host.find(':'));
  }
  std::string lower;
  for (char c : host) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto ends_with = [&lower](std::string_view tail) {
    return lower.size() >= tail.size() &&
           lower.compare(lower.size() - tail.size(), tail.size(), tail) == 0;
  };
  return lower.empty() || lower == "localhost" || ends_with(".localhost") ||
         lower.rfind("127.", 0) == 0 || lower == "::1" || lower == "0.0.0.0" || lower == "::" ||
         lower == "0:0:0:0:0:0:0:1";
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
