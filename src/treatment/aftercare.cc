#include "treatment/aftercare.h"

#include <toml++/toml.h>

#include <sstream>

#include "core/messages.h"
#include "rulefile/toml.h"

namespace exo::treatment {

namespace {

// The routes an item or warning applies to ("routes = [...]").
RouteSet ParseRoutes(const toml::table& t, const std::string& path,
                     std::vector<FieldError>& errors) {
  RouteSet out;
  if (const auto* routes = t["routes"].as_array()) {
    for (const auto& v : *routes) {
      const auto route = ParseRoute(v.value<std::string>().value_or(""));
      if (!route)
        errors.push_back(
            {path + ".routes", "err.unknown_route", {v.value<std::string>().value_or("?")}});
      else
        out.Add(*route);
    }
  }
  return out;
}

}  // namespace

Result<AftercareRules> ParseAftercare(std::string_view toml_text) {
  auto parsed = rulefile::Parse(toml_text, "aftercare.toml");
  if (!parsed) return parsed.error();
  const toml::table& doc = *parsed;
  std::vector<FieldError> errors;
  const auto text = [&errors](const toml::node_view<const toml::node>& n, const std::string& path) {
    return rulefile::ReadText(n, path, errors);
  };
  AftercareRules r;
  r.title = text(doc["title"], "title");
  r.intro = text(doc["intro"], "intro");
  r.qr = text(doc["qr"], "qr");
  if (const auto* items = doc["item"].as_array()) {
    for (size_t i = 0; i < items->size(); ++i) {
      const auto* t = (*items)[i].as_table();
      if (t == nullptr) continue;
      const std::string path = "item[" + std::to_string(i) + "]";
      AftercareItem item;
      item.routes = ParseRoutes(*t, path, errors);
      item.topic = (*t)["topic"].value<std::string>().value_or("");
      item.text = text((*t)["text"], path + ".text");
      item.source = (*t)["source"].value<std::string>().value_or("");
      if (item.source.empty()) errors.push_back({path + ".source", "err.required", {}});
      r.items.push_back(std::move(item));
    }
  }
  r.call_clinic = text(doc["call_clinic"], "call_clinic");
  r.call_119 = text(doc["call_119"], "call_119");
  if (const auto* warnings = doc["warning"].as_array()) {
    for (size_t i = 0; i < warnings->size(); ++i) {
      const auto* t = (*warnings)[i].as_table();
      if (t == nullptr) continue;
      const std::string path = "warning[" + std::to_string(i) + "]";
      AftercareWarning w;
      w.routes = ParseRoutes(*t, path, errors);
      const std::string call = (*t)["call"].value<std::string>().value_or("");
      if (call == "119")
        w.call = AftercareWarning::Call::k119;
      else if (call != "clinic")
        errors.push_back({path + ".call", "err.expected_one_of", {call, "clinic, 119"}});
      w.text = text((*t)["text"], path + ".text");
      w.source = (*t)["source"].value<std::string>().value_or("");
      if (w.source.empty()) errors.push_back({path + ".source", "err.required", {}});
      r.warnings.push_back(std::move(w));
    }
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return r;
}

report::Document BuildAftercareDocument(const AftercareRules& rules, const AftercareFacts& f,
                                        Lang lang, std::string qr_png) {
  report::Document doc;
  doc.title = rules.title.In(lang);
  doc.subtitle = Message("aftercare.subtitle", lang,
                         {f.patient_name, f.session_date, f.product_name, f.lot_number});
  doc.footer = f.patient_name.empty() ? doc.title : f.patient_name + " · " + doc.title;
  doc.sections.push_back({"", rules.intro.In(lang)});
  for (const auto& item : rules.items)
    if (item.routes.Has(f.route)) doc.sections.push_back({"", "・" + item.text.In(lang)});
  // Whom to call: one warning sign per line, the clinic's telephone under its list.
  const auto signs = [&](AftercareWarning::Call call) {
    std::string lines;
    for (const auto& w : rules.warnings)
      if (w.call == call && w.routes.Has(f.route))
        lines += (lines.empty() ? "・" : "\n・") + w.text.In(lang);
    return lines;
  };
  std::string clinic_signs = signs(AftercareWarning::Call::kClinic);
  if (!f.clinic_phone_line.empty())
    clinic_signs += (clinic_signs.empty() ? "" : "\n") + f.clinic_phone_line;
  if (!clinic_signs.empty()) doc.sections.push_back({rules.call_clinic.In(lang), clinic_signs});
  const std::string emergency_signs = signs(AftercareWarning::Call::k119);
  if (!emergency_signs.empty()) doc.sections.push_back({rules.call_119.In(lang), emergency_signs});
  doc.qr_png = std::move(qr_png);
  doc.qr_caption = rules.qr.In(lang);
  return doc;
}

}  // namespace exo::treatment
