// Consents: the document previewed from a plan, signed, listed, downloaded and withdrawn.
#include "app/consents.h"

#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

json ConsentJson(const store::StoredConsent& c) {
  return {{"id", c.id},
          {"plan_id", c.plan_id},
          {"patient_id", c.patient_id},
          {"lang", c.lang},
          {"sha256", c.sha256},
          {"typed_name", c.typed_name},
          {"signer_relationship", c.signer_relationship},
          {"has_signature_image", c.has_signature_image},
          {"signed_at", c.signed_at.ToIso8601()},
          {"recorded_by", c.recorded_by},
          {"valid", c.Valid()},
          {"withdrawn_at", c.withdrawn_at ? json(c.withdrawn_at->ToIso8601()) : json(nullptr)},
          {"withdrawn_reason", c.withdrawn_reason}};
}

namespace {

// The PDF, and in X-Consent-Content-Sha256 the hash a signing names as "preview_sha256".
Result<Reply> PreviewConsent(const app::ConsentServices& cs, int64_t id, const httplib::Request&,
                             const Caller& caller, Lang lang) {
  auto preview = app::PreviewConsent(cs, caller.actor, id, lang);
  if (!preview) return preview.error();
  Reply r = RawReply(std::move(preview->pdf), kPdf);
  r.headers.push_back({"X-Consent-Content-Sha256", preview->content_sha256});
  return r;
}

// {"lang"?, "typed_name"?, "relationship"?, "signature_png_base64"?, "preview_sha256"?}; the
// document's language defaults to the reader's. `relationship`: a representative's, when not the
// patient signs. `preview_sha256`: the X-Consent-Content-Sha256 of the preview the patient read.
struct Signature {
  Lang lang = Lang::kJa;
  std::string typed_name;
  std::string relationship;
  std::string png_base64;
  std::string preview_sha256;
};

Result<Signature> ParseSignature(const json& body) {
  Signature s;
  auto doc_lang = OptionalString(body, "lang");
  if (!doc_lang) return doc_lang.error();
  // The language the patient read is chosen by the person taking the consent, never taken
  // from the page's own language.
  if (doc_lang->empty()) return Invalid("lang", "err.consent_lang_required");
  const auto parsed = ParseLang(*doc_lang);
  if (!parsed) return Invalid("lang", "err.unknown_lang", {*doc_lang});
  s.lang = *parsed;
  auto name = OptionalString(body, "typed_name");
  if (!name) return name.error();
  s.typed_name = *name;
  auto relationship = OptionalString(body, "relationship");
  if (!relationship) return relationship.error();
  s.relationship = *relationship;
  auto preview = OptionalString(body, "preview_sha256");
  if (!preview) return preview.error();
  s.preview_sha256 = *preview;
  if (const auto it = body.find("signature_png_base64"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return Invalid("signature_png_base64", "err.expected_string", {"?"});
    s.png_base64 = it->get<std::string>();
  }
  return s;
}

Result<Reply> SignConsent(const app::ConsentServices& cs, int64_t id, const httplib::Request& req,
                          const Caller& caller, Lang) {
  auto body = ObjectBody(
      req, {"lang", "typed_name", "relationship", "signature_png_base64", "preview_sha256"});
  if (!body) return body.error();
  auto sig = ParseSignature(*body);
  if (!sig) return sig.error();
  return JsonReply(201,
                   app::SignConsent(cs, caller.actor, id, sig->lang, sig->typed_name,
                                    sig->png_base64, sig->relationship, sig->preview_sha256),
                   ConsentJson);
}

// The read is audited as a read of the plan.
Result<Reply> ListConsents(const app::ConsentServices& cs, int64_t id, const httplib::Request&,
                           const Caller& caller, Lang) {
  return JsonReply(200, app::ListConsents(cs, caller.actor, id), [](const auto& list) {
    return json{{"consents", JsonArray(list, ConsentJson)}};
  });
}

Result<Reply> ConsentDocument(const app::ConsentServices& cs, int64_t id, const httplib::Request&,
                              const Caller& caller, Lang) {
  auto c = app::GetConsent(cs, caller.actor, id);
  if (!c) return c.error();
  return RawReply(std::move(c->pdf), kPdf);
}

Result<Reply> WithdrawConsent(const app::ConsentServices& cs, int64_t id,
                              const httplib::Request& req, const Caller& caller, Lang) {
  auto reason = OptionalReason(req);
  if (!reason) return reason.error();
  return JsonReply(200, app::WithdrawConsent(cs, caller.actor, id, *reason), ConsentJson);
}

}  // namespace

std::vector<Route> ConsentRoutes(const app::ConsentServices& consents) {
  using P = Permission;
  const std::string plan = R"(/api/v1/plans/([^/]+))";
  const std::string consent = R"(/api/v1/consents/([^/]+))";
  return {
      {"GET", plan + R"(/consent\.pdf)", P::kReadClinical, "consent.preview",
       BindId(PreviewConsent, consents)},
      {"POST", plan + "/consents", P::kRecordClinical, "consent.sign",
       BindId(SignConsent, consents)},
      {"GET", plan + "/consents", P::kReadClinical, "consent.read", BindId(ListConsents, consents)},
      {"GET", consent + R"(/document\.pdf)", P::kReadClinical, "consent.read",
       BindId(ConsentDocument, consents)},
      {"POST", consent + "/withdraw", P::kRecordClinical, "consent.withdraw",
       BindId(WithdrawConsent, consents)},
  };
}

}  // namespace exo::server
