#include "server/pages/portal.h"

#include <algorithm>

#include "core/local_time.h"
#include "core/text.h"
#include "outcome/questionnaire.h"

namespace exo::server {

namespace {

std::string E(const std::string& s) { return XmlEscape(s); }

// The words of answer `n` in a scale text such as "0 全くない / 1 数日 / 2 半分以上": the part
// that starts with the number; empty when the scale names no such point.
std::string ScalePoint(const std::string& scale, int n) {
  const std::string want = std::to_string(n) + " ";
  size_t at = 0;
  while (at <= scale.size()) {
    size_t end = scale.find(" / ", at);
    if (end == std::string::npos) end = scale.size();
    const std::string part = scale.substr(at, end - at);
    if (part.rfind(want, 0) == 0) return part.substr(want.size());
    at = end + 3;
  }
  return "";
}

// The answers question `i` of `m` accepts.
std::pair<int, int> Range(const outcome::Measure& m, int i) {
  if (const auto q = outcome::ParseQuestionnaire(m.questionnaire))
    return outcome::QuestionnaireItemRange(*q, i);
  return {static_cast<int>(m.min), static_cast<int>(m.max)};
}

// One question: radio buttons for a scale of up to eleven points (each with the scale's words
// where it names them), else a number field with the phone's number pad.
std::string Question(const outcome::Measure& m, int i, int items, Lang lang) {
  const std::string key = "portal.q." + m.id + "." + std::to_string(i);
  std::string text = Message(key, lang);
  if (text == key) text = items == 1 ? m.name.In(lang) : Message("portal.item", lang);
  const std::string name = "a" + std::to_string(i);
  const auto [lo, hi] = Range(m, i);
  const bool scale = (m.integer || !m.questionnaire.empty()) && hi - lo <= 10;
  if (!scale) {
    return "<p class=\"number\"><label for=\"" + name + "\">" + std::to_string(i) + ". " + E(text) +
           "</label><input id=\"" + name + "\" name=\"" + name +
           "\" type=\"number\" inputmode=\"numeric\" min=\"" + std::to_string(lo) + "\" max=\"" +
           std::to_string(hi) + "\"></p>";
  }
  const std::string scale_text = Message("portal.scale." + m.id, lang);
  std::string h = "<fieldset class=\"question\"><legend>" + std::to_string(i) + ". " + E(text) +
                  "</legend><div class=\"scale\">";
  for (int n = lo; n <= hi; ++n) {
    const std::string words = ScalePoint(scale_text, n);
    h += "<label><input type=\"radio\" name=\"" + name + "\" value=\"" + std::to_string(n) +
         "\"><span class=\"point\">" + std::to_string(n) + "</span>" +
         (words.empty() ? "" : " <span class=\"words\">" + E(words) + "</span>") + "</label>";
  }
  return h + "</div></fieldset>";
}

std::string Form(const outcome::Measure& m, const std::string& token, Lang lang) {
  std::string h = "<section class=\"questionnaire\"><h2>" + E(m.name.In(lang)) + "</h2>";
  h += "<form method=\"post\" action=\"/portal/" + token + "/" + m.id +
       "?lang=" + std::string(LangName(lang)) + "\">";
  h += "<p class=\"scale-text\">" + E(Message("portal.scale." + m.id, lang)) + "</p>";
  const int items = PortalItemCount(m);
  for (int i = 1; i <= items; ++i) h += Question(m, i, items, lang);
  return h + "<p><button type=\"submit\">" + E(Message("portal.submit", lang)) +
         "</button></p></form></section>";
}

// Where to turn today: the clinic's telephone (when the clinic entered it) and the public lines
// with their hours and sources (rules/crisis_lines.toml).
std::string Crisis(const app::CrisisContacts* c, Lang lang) {
  std::string h =
      "<section class=\"crisis\" role=\"alert\" aria-labelledby=\"crisis-h\"><h2 id=\"crisis-h\">" +
      E(Message("portal.crisis_title", lang)) + "</h2><p>" +
      E(Message("portal.crisis_intro", lang)) + "</p>";
  const auto tel = [](const std::string& phone) {
    std::string digits;
    for (char ch : phone)
      if ((ch >= '0' && ch <= '9') || ch == '+') digits += ch;
    return "<a class=\"tel\" href=\"tel:" + digits + "\">" + XmlEscape(phone) + "</a>";
  };
  if (c != nullptr && !c->clinic_phone.empty()) {
    h += "<p class=\"clinic\"><strong>" + E(Message("portal.crisis_clinic", lang)) + "</strong> " +
         tel(c->clinic_phone) +
         (c->clinic_hours.In(lang).empty() ? ""
                                           : " <span>" + E(c->clinic_hours.In(lang)) + "</span>") +
         "</p>";
  }
  if (c != nullptr && !c->lines.empty()) {
    h += "<ul class=\"lines\">";
    for (const auto& l : c->lines)
      h += "<li><strong>" + E(l.name.In(lang)) + "</strong> " + tel(l.phone) + " <span>" +
           E(l.hours.In(lang)) + "</span><br><small>" + E(Message("portal.crisis_source", lang)) +
           ": " + E(l.source) + "</small></li>";
    h += "</ul>";
  }
  return h + "<p>" + E(Message("portal.crisis_emergency", lang)) + "</p></section>";
}

}  // namespace

int PortalItemCount(const outcome::Measure& m) {
  const auto q = outcome::ParseQuestionnaire(m.questionnaire);
  return q ? outcome::QuestionnaireItems(*q) : 1;  // a self-rating is one question
}

std::string PortalHtml(const app::PortalView& v, const std::string& token, Lang lang,
                       const std::string& message, const app::CrisisContacts* crisis,
                       bool show_crisis) {
  std::string h = "<!doctype html><html lang=\"" + std::string(LangName(lang)) +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>" +
                  E(Message("portal.title", lang)) +
                  "</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" "
                  "href=\"/portal/style.css\"></head><body><main><h1>" +
                  E(Message("portal.title", lang)) + "</h1>";
  if (show_crisis) h += Crisis(crisis, lang);
  if (!message.empty())
    h += "<p role=\"status\" class=\"message\"><strong>" + E(message) + "</strong></p>";
  // One questionnaire at a time, the first not yet answered, with how far the patient is.
  const auto is_done = [&v](const outcome::Measure* m) {
    return std::find(v.done.begin(), v.done.end(), m->id) != v.done.end();
  };
  const auto next = std::find_if_not(v.measures.begin(), v.measures.end(), is_done);
  const int total = static_cast<int>(v.measures.size());
  const int answered =
      static_cast<int>(std::count_if(v.measures.begin(), v.measures.end(), is_done));
  if (next == v.measures.end()) {
    h += "<p class=\"all-done\">" + E(Message("portal.all_done", lang)) + "</p><ul class=\"done\">";
    for (const auto* m : v.measures)
      h += "<li>" + E(m->name.In(lang)) + ": " + E(Message("portal.done", lang)) + "</li>";
    h += "</ul>";
  } else {
    h += "<p>" +
         E(Message("portal.intro", lang,
                   {FormatLocalDateTime(v.link.expires_at, v.time_zone, lang)})) +
         "</p>";
    const int position = static_cast<int>(next - v.measures.begin()) + 1;
    h += "<p class=\"progress-text\" id=\"progress\">" +
         E(Message("portal.progress", lang, {std::to_string(position), std::to_string(total)})) +
         "</p><progress max=\"" + std::to_string(total) + "\" value=\"" + std::to_string(answered) +
         "\" aria-labelledby=\"progress\"></progress>";
    h += Form(**next, token, lang);
  }
  h += "<p><small>" + E(Message("portal.privacy", lang)) + "</small></p></main></body></html>";
  return h;
}

// The portal's stylesheet: the web app's colours, 44 px targets, answers as large radio rows.
const std::string& PortalCss() {
  static const std::string* css = new std::string(
      R"css(:root { --ink: #1b1f24; --muted: #4a5562; --line: #c9d1da; --accent: #1f5fa8; --bad: #a00000; font-family: "Noto Sans CJK JP", system-ui, sans-serif; color: var(--ink); }
body { margin: 0; line-height: 1.6; }
main { padding: 16px; max-width: 640px; margin: 0 auto; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.2rem; }
button { font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: 10px 20px; min-height: 44px; min-width: 44px; width: 100%; }
fieldset.question { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px 12px; }
fieldset.question legend { font-weight: 600; padding: 0 4px; }
.scale { display: flex; flex-direction: column; gap: 4px; }
.scale label { display: flex; align-items: center; gap: 10px; min-height: 44px; padding: 0 8px; border: 1px solid var(--line); border-radius: 6px; }
.scale input { width: 24px; height: 24px; margin: 0; accent-color: var(--accent); }
.scale .point { font-weight: 600; min-width: 1.5em; }
.scale label:has(input:checked) { border-color: var(--accent); background: #eef4fb; }
p.number label { display: block; margin-bottom: 4px; }
p.number input { font: inherit; min-height: 44px; width: 10em; box-sizing: border-box; border: 1px solid var(--muted); border-radius: 6px; padding: 6px 8px; }
.scale-text, small { color: var(--muted); }
progress { width: 100%; height: 12px; }
.message { border-left: 4px solid var(--accent); padding-left: 8px; }
.crisis { border: 2px solid var(--bad); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.crisis h2 { color: var(--bad); margin-top: 0; }
.crisis ul { padding-left: 0; list-style: none; }
.crisis li { margin: 8px 0; }
a.tel { display: inline-flex; align-items: center; min-height: 44px; font-size: 1.2rem; font-weight: 600; color: var(--accent); }
a:focus, button:focus, input:focus { outline: 3px solid #f0a000; outline-offset: 2px; }
)css");
  return *css;
}

}  // namespace exo::server
