#include "server/pages/public_lot.h"

#include "core/local_time.h"
#include "core/text.h"
#include "product/qc_report_format.h"
#include "server/reply.h"

namespace exo::server {

using nlohmann::json;

namespace {

// An origin word of the certificate, labelled when the catalogue knows it.
std::string Origin(const std::optional<std::string>& value, const char* kind, Lang lang) {
  return value ? Label(kind, *value, lang) : Message("cert.not_stated", lang);
}

// "<dt>term</dt><dd>value</dd>", both escaped.
std::string Entry(const std::string& term, const std::string& value) {
  return "<dt>" + XmlEscape(term) + "</dt><dd>" + XmlEscape(value) + "</dd>";
}

std::string Head(const app::LotView& v, Lang lang) {
  return "<!doctype html><html lang=\"" + std::string(LangName(lang)) +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>" +
         XmlEscape(v.lot.product_name) + " — " + XmlEscape(v.lot.lot_number) +
         "</title><link rel=\"icon\" href=\"data:,\"></head><body><main>";
}

std::string Facts(const app::LotView& v, const json& j, Lang lang) {
  const auto& c = v.certificate;
  return "<dl>" + Entry(Message("public.product", lang), v.lot.product_name) +
         Entry(Message("public.manufacturer", lang), v.lot.manufacturer) +
         Entry(Message("public.lot", lang), v.lot.lot_number) +
         Entry(Message("public.origin", lang), Origin(c.species, "species", lang) + " / " +
                                                   Origin(c.tissue, "tissue", lang) + " / " +
                                                   Origin(c.cell_type, "cell_type", lang)) +
         Entry(Message("public.expires", lang), v.lot.expires_on
                                                    ? FormatDate(*v.lot.expires_on, lang)
                                                    : Message("cert.not_stated", lang)) +
         Entry(Message("public.state", lang), j["state_label"].get<std::string>()) + "</dl>";
}

std::string Disclosure(const json& qc, Lang lang) {
  std::string h = "<h2>" + XmlEscape(Message("word.disclosure", lang)) + "</h2><ul>";
  for (const auto& [area, d] : qc["disclosure"].items())
    h += "<li>" + XmlEscape(d["label"].get<std::string>()) + ": " +
         std::to_string(d["disclosed"].get<int>()) + "/" + std::to_string(d["total"].get<int>()) +
         "</li>";
  return h + "</ul>";
}

std::string Criteria(const json& qc, Lang lang) {
  std::string h = "<h2>" + XmlEscape(Message("word.criteria", lang)) +
                  "</h2><table><thead><tr><th>" + XmlEscape(Message("public.criterion", lang)) +
                  "</th><th>" + XmlEscape(Message("public.status", lang)) + "</th><th>" +
                  XmlEscape(Message("public.detail", lang)) + "</th></tr></thead><tbody>";
  for (const auto& c : qc["criteria"])
    h += "<tr><td>" + XmlEscape(c["title"].get<std::string>()) + "</td><td>" +
         XmlEscape(Label("criterion_status", c["status"].get<std::string>(), lang)) + "</td><td>" +
         XmlEscape(c["detail"].get<std::string>()) + "</td></tr>";
  return h + "</tbody></table>";
}

}  // namespace

json PublicLotJson(const app::LotView& v, Lang lang) {
  const std::string state(product::LotStateName(v.lot.state));
  return {{"product_name", v.lot.product_name},
          {"manufacturer", v.lot.manufacturer},
          {"lot_number", v.lot.lot_number},
          {"expires_on", v.lot.expires_on ? json(v.lot.expires_on->ToString()) : json(nullptr)},
          {"state", state},
          {"state_label", Label("lot_state", state, lang)},
          {"released_routes", RouteSetToString(v.lot.released_routes)},
          {"origin",
           {{"species", OrNull(v.certificate.species)},
            {"tissue", OrNull(v.certificate.tissue)},
            {"cell_type", OrNull(v.certificate.cell_type)}}},
          {"qc", product::QcReportToJson(v.report, v.context, lang)}};
}

std::string PublicLotHtml(const app::LotView& v, Lang lang) {
  const json j = PublicLotJson(v, lang);
  return Head(v, lang) + "<h1>" + XmlEscape(Message("public.lot_title", lang)) + "</h1>" +
         Facts(v, j, lang) + Disclosure(j["qc"], lang) + Criteria(j["qc"], lang) + "<p>" +
         XmlEscape(Message("word.disclaimer", lang)) + "</p></main></body></html>";
}

}  // namespace exo::server
