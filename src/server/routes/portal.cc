// The patient portal. Staff create and revoke portal links; the patient opens the link's
// token (the only credential) and answers the listed questionnaires, through the JSON API or
// the plain HTML page (pages/portal.h), until the link expires or is revoked.
#include "server/pages/portal.h"

#include <algorithm>
#include <charconv>

#include "app/public_url.h"
#include "auth/crypto.h"
#include "outcome/questionnaire.h"
#include "report/qr.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

// The QR code holds the clinic's public URL (`public_base_url`), never the request's Host
// header; a loopback public URL is refused before the link is made.
Result<Reply> CreatePortalLink(const app::OutcomeServices& o, const std::string& public_base_url,
                               const httplib::Request& req, const Caller& caller) {
  auto id = PathId(req);
  if (!id) return id.error();
  if (auto usable = app::PatientFacingUrl(o.clinic, public_base_url, "/"); !usable)
    return usable.error();
  auto link = app::CreatePortalLink(o, caller.actor, *id, req.body);
  if (!link) return link.error();
  const std::string url = app::PatientFacingUrl(o.clinic, public_base_url, link->path).value();
  auto qr = report::QrPng(url);
  if (!qr) return qr.error();
  return Reply{201,
               {{"id", link->link.id},
                {"patient_id", link->link.patient_id},
                {"measures", link->link.measures},
                {"expires_at", link->link.expires_at.ToIso8601()},
                {"path", link->path},
                {"url", url},
                {"qr_png_base64", auth::Base64(*qr)},
                {"token", link->token}}};
}

Result<Reply> RevokePortalLink(const app::OutcomeServices& o, int64_t id, const httplib::Request&,
                               const Caller& caller, Lang) {
  if (auto ok = app::RevokePortalLink(o, caller.actor, id); !ok) return ok.error();
  return Reply{200, {{"id", id}, {"revoked", true}}};
}

json PortalMeasureJson(const app::PortalView& v, const outcome::Measure& m, Lang lang) {
  json j = MeasureJson(m, lang);
  j["items"] = PortalItemCount(m);
  j["done"] = std::find(v.done.begin(), v.done.end(), m.id) != v.done.end();
  return j;
}

Result<Reply> OpenPortal(const app::OutcomeServices& o, const httplib::Request& req, const Caller&,
                         Lang lang) {
  return JsonReply(200, app::OpenPortal(o, req.matches[1].str()), [lang](const auto& v) {
    return json{{"expires_at", v.link.expires_at.ToIso8601()},
                {"measures", JsonArray(v.measures, [&v, lang](const outcome::Measure* m) {
                   return PortalMeasureJson(v, *m, lang);
                 })}};
  });
}

Result<Reply> SubmitPortal(const app::OutcomeServices& o, const httplib::Request& req,
                           const Caller&, Lang) {
  return JsonReply(201, app::SubmitPortal(o, req.matches[1].str(), req.matches[2].str(), req.body),
                   [](const store::StoredMeasurement& m) {
                     json detail = json::parse(m.entry.detail_json, nullptr, false);
                     return json{{"id", m.id},
                                 {"measure", m.entry.measure_id},
                                 {"score", m.entry.value},
                                 {"band", detail.is_object() ? detail.value("band", "") : ""}};
                   });
}

Result<Reply> PortalPage(const app::OutcomeServices& o, const httplib::Request& req, const Caller&,
                         Lang lang) {
  auto v = app::OpenPortal(o, req.matches[1].str());
  if (!v) return v.error();
  return RawReply(PortalHtml(*v, req.matches[1].str(), lang, ""), kHtml);
}

// The answers of a portal form (a1=..&a2=..) or a JSON body, as the JSON the scorer reads.
std::string PortalAnswers(const httplib::Request& req, const outcome::Measure& m) {
  if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) != 0)
    return req.body;
  if (m.questionnaire.empty()) {  // a self-rating: one number
    const std::string v = req.get_param_value("a1");
    double x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size())
      return json{{"value", v}}.dump();
    return json{{"value", x}}.dump();
  }
  json answers = json::array();
  for (int i = 1; i <= PortalItemCount(m); ++i) {
    const std::string v = req.get_param_value("a" + std::to_string(i));
    int n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty())
      answers.push_back(nullptr);
    else if (ec != std::errc() || p != v.data() + v.size())
      answers.push_back(v);
    else
      answers.push_back(n);
  }
  return json{{"answers", answers}}.dump();
}

// Whether a stored answer needs same-day follow-up (PHQ-9 item 9 above 0 or left blank).
bool NeedsFollowUpToday(const store::StoredMeasurement& m) {
  const json detail = json::parse(m.entry.detail_json, nullptr, false);
  if (!detail.is_object()) return false;
  const auto alerts = detail.find("alerts");
  return alerts != detail.end() && alerts->is_array() && !alerts->empty();
}

// The form's answers; the page again with thanks, or (422) with what was wrong. After an
// answer that needs same-day follow-up, the clinic's telephone and the public crisis lines
// (rules/crisis_lines.toml, read now so an edit applies at once) come first.
Result<Reply> SubmitPortalPage(const app::OutcomeServices& o, const std::string& rules_dir,
                               const httplib::Request& req, const Caller&, Lang lang) {
  const std::string token = req.matches[1].str();
  const outcome::Measure* m = outcome::FindMeasure(o.catalogue, req.matches[2].str());
  std::string message;
  if (m == nullptr) return NotFound("measure", req.matches[2].str());
  auto saved = app::SubmitPortal(o, token, m->id, PortalAnswers(req, *m));
  if (saved) {
    message = Message("portal.thanks", lang);
  } else if (saved.error().code == ErrorCode::kInvalid) {
    message = RenderError(saved.error(), lang);
  } else {
    return saved.error();
  }
  auto v = app::OpenPortal(o, token);
  if (!v) return v.error();
  const bool crisis = saved && NeedsFollowUpToday(*saved);
  std::optional<app::CrisisContacts> contacts;
  if (crisis && !rules_dir.empty()) {
    auto loaded = app::LoadCrisisContacts(rules_dir);
    if (loaded) contacts = std::move(*loaded);
  }
  return RawReply(PortalHtml(*v, token, lang, message, contacts ? &*contacts : nullptr, crisis),
                  kHtml, saved ? 200 : 422);
}

}  // namespace

std::vector<Route> PortalRoutes(const app::OutcomeServices& outcomes,
                                const std::string& public_base_url, const std::string& rules_dir) {
  using P = Permission;
  const auto& o = outcomes;
  return {
      {"POST", R"(/api/v1/patients/([^/]+)/portal-links)", P::kRecordClinical, "portal_link.create",
       [&o, &public_base_url](const httplib::Request& req, const Caller& caller, Lang) {
         return CreatePortalLink(o, public_base_url, req, caller);
       }},
      {"POST", R"(/api/v1/portal-links/([^/]+)/revoke)", P::kRecordClinical, "portal_link.revoke",
       BindId(RevokePortalLink, o)},
      {"GET", R"(/api/v1/portal/([0-9a-z]+))", P::kPublic, "portal.open", Bind(OpenPortal, o)},
      {"POST", R"(/api/v1/portal/([0-9a-z]+)/([a-z0-9_]+))", P::kPublic, "portal.submit",
       Bind(SubmitPortal, o)},
      {"GET", R"(/portal/([0-9a-z]+))", P::kPublic, "portal.open", Bind(PortalPage, o)},
      {"POST", R"(/portal/([0-9a-z]+)/([a-z0-9_]+))", P::kPublic, "portal.submit",
       Bind(SubmitPortalPage, o, rules_dir)},
      {"GET", R"(/portal/style\.css)", P::kPublic, "portal.style",
       [](const httplib::Request&, const Caller&, Lang) -> Result<Reply> {
         return RawReply(PortalCss(), "text/css; charset=utf-8");
       }},
  };
}

}  // namespace exo::server
