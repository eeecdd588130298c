#include "server/pages/portal.h"

#include <algorithm>

#include "core/local_time.h"
#include "core/text.h"
#include "outcome/questionnaire.h"

namespace exo::server {

namespace {

// One question: its catalogue text, or a generic label when the catalogue has none.
std::string Question(const outcome::Measure& m, int i, Lang lang) {
  const std::string label = Message("portal.q." + m.id + "." + std::to_string(i), lang);
  return "<p><label>" + std::to_string(i) + ". " +
         XmlEscape(label.rfind("portal.q.", 0) == 0 ? Message("portal.item", lang) : label) +
         " <input name=\"a" + std::to_string(i) +
         "\" inputmode=\"numeric\" size=\"5\"></label></p>";
}

std::string Section(const app::PortalView& v, const outcome::Measure& m, const std::string& token,
                    Lang lang) {
  std::string h = "<section><h2>" + XmlEscape(m.name.In(lang)) + "</h2>";
  if (std::find(v.done.begin(), v.done.end(), m.id) != v.done.end())
    return h + "<p>" + XmlEscape(Message("portal.done", lang)) + "</p></section>";
  h += "<form method=\"post\" action=\"/portal/" + token + "/" + m.id +
       "?lang=" + std::string(LangName(lang)) + "\">";
  h += "<p><small>" + XmlEscape(Message("portal.scale." + m.id, lang)) + "</small></p>";
  const int items = PortalItemCount(m);
  for (int i = 1; i <= items; ++i) h += Question(m, i, lang);
  return h + "<p><button type=\"submit\">" + XmlEscape(Message("portal.submit", lang)) +
         "</button></p></form></section>";
}

}  // namespace

int PortalItemCount(const outcome::Measure& m) {
  const auto q = outcome::ParseQuestionnaire(m.questionnaire);
  return q ? outcome::QuestionnaireItems(*q) : 1;  // a self-rating is one question
}

std::string PortalHtml(const app::PortalView& v, const std::string& token, Lang lang,
                       const std::string& message) {
  std::string h = "<!doctype html><html lang=\"" + std::string(LangName(lang)) +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>" +
                  XmlEscape(Message("portal.title", lang)) +
                  "</title><link rel=\"icon\" href=\"data:,\"></head><body><main><h1>" +
                  XmlEscape(Message("portal.title", lang)) + "</h1><p>" +
                  XmlEscape(Message("portal.intro", lang,
                                    {FormatLocalDateTime(v.link.expires_at, v.time_zone, lang)})) +
                  "</p>";
  if (!message.empty()) h += "<p role=\"status\"><strong>" + XmlEscape(message) + "</strong></p>";
  for (const auto* m : v.measures) h += Section(v, *m, token, lang);
  h += "<p><small>" + XmlEscape(Message("portal.privacy", lang)) +
       "</small></p></main></body></html>";
  return h;
}

}  // namespace exo::server
