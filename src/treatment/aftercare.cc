#include "treatment/aftercare.h"

#include <toml++/toml.h>

#include <sstream>

#include "core/messages.h"
#include "rulefile/toml.h"

namespace exo::treatment {

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
      if (const auto* routes = (*t)["routes"].as_array()) {
        for (const auto& v : *routes) {
          const auto route = ParseRoute(v.value<std::string>().value_or(""));
          if (!route)
            errors.push_back(
                {path + ".routes", "err.unknown_route", {v.value<std::string>().value_or("?")}});
          else
            item.routes.Add(*route);
        }
      }
      item.topic = (*t)["topic"].value<std::string>().value_or("");
      item.text = text((*t)["text"], path + ".text");
      item.source = (*t)["source"].value<std::string>().value_or("");
      if (item.source.empty()) errors.push_back({path + ".source", "err.required", {}});
      r.items.push_back(std::move(item));
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
  if (!f.clinic_phone_line.empty()) doc.closing_lines.push_back(f.clinic_phone_line);
  doc.qr_png = std::move(qr_png);
  doc.qr_caption = rules.qr.In(lang);
  return doc;
}

}  // namespace exo::treatment
