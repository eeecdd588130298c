// consent pdf | sign | withdraw: informed consent documents.
#include "app/consents.h"

#include <iostream>

#include "app/rules.h"
#include "auth/crypto.h"
#include "cli/commands/commands.h"
#include "cli/output.h"

namespace exo::cli {

namespace {

struct ConsentOptions {
  int64_t id = 0;
  std::string out_path;
  std::string typed_name;
  std::string relationship;
  std::string signature_png;
  std::string reason;
  std::string preview_sha256;
};

// The preview, and the hash of its content to give `consent sign --preview-sha256`.
int Pdf(Context& c, Env& e, const ConsentOptions& o) {
  auto preview = app::PreviewConsent(e.services->consents, c.Clinician(), o.id, c.lang());
  if (!preview) return c.Fail(preview.error(), "text");
  if (int rc = WriteBytes(o.out_path, preview->pdf, c.lang()); rc != 0) return rc;
  PrintLine("cli.consent_preview_written", c.lang(), {o.out_path, preview->content_sha256});
  return 0;
}

int Sign(Context& c, Env& e, const ConsentOptions& o) {
  // The language the patient read is named, never taken from the machine's locale.
  if (c.options().lang.empty())
    return c.Fail(Invalid("--lang", "err.consent_lang_required_cli"), "text");
  std::string png_b64;
  if (!o.signature_png.empty()) {
    auto png = app::ReadTextFile(o.signature_png, 1 << 20);
    if (!png) return c.Fail(png.error(), "text");
    png_b64 = auth::Base64(*png);
  }
  auto signed_consent = app::SignConsent(e.services->consents, c.Clinician(), o.id, c.lang(),
                                         o.typed_name, png_b64, o.relationship, o.preview_sha256);
  if (!signed_consent) return c.Fail(signed_consent.error(), "text");
  PrintLine("cli.consent_signed", c.lang(),
            {std::to_string(signed_consent->id), signed_consent->sha256,
             Label("lang", signed_consent->lang, c.lang())});
  return 0;
}

int Withdraw(Context& c, Env& e, const ConsentOptions& o) {
  auto withdrawn = app::WithdrawConsent(e.services->consents, c.Clinician(), o.id, o.reason);
  if (!withdrawn) return c.Fail(withdrawn.error(), "text");
  PrintLine("cli.consent_withdrawn", c.lang(), {std::to_string(withdrawn->id)});
  return 0;
}

}  // namespace

void AddConsentCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<ConsentOptions>();
  auto* consent = app.add_subcommand("consent", "informed consent documents");
  consent->require_subcommand(1);
  auto* pdf = consent->add_subcommand("pdf", "write the consent document of a plan");
  AddId(pdf, "plan", o.id, "plan id");
  pdf->add_option("-o,--output", o.out_path, "PDF file to write")->required();
  t.AddLang(pdf);
  auto* sign = consent->add_subcommand("sign", "record the patient's signature");
  AddId(sign, "plan", o.id, "plan id");
  sign->add_option("--name", o.typed_name, "the name the patient typed")->required();
  sign->add_option("--relationship", o.relationship,
                   "a representative signing: their relationship to the patient");
  sign->add_option("--signature-png", o.signature_png, "drawn signature (PNG file)")
      ->check(CLI::ExistingFile);
  sign->add_option("--preview-sha256", o.preview_sha256,
                   "the content SHA-256 `consent pdf` printed for the preview the patient read");
  t.AddLang(sign);
  auto* withdraw = consent->add_subcommand("withdraw", "record a withdrawal");
  AddId(withdraw, "id", o.id, "consent id");
  withdraw->add_option("--reason", o.reason, "why (optional)");
  t.AddAs(pdf, auth::Permission::kReadClinical, [&o](Context& c, Env& e) { return Pdf(c, e, o); });
  t.AddAs(sign, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return Sign(c, e, o); });
  t.AddAs(withdraw, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return Withdraw(c, e, o); });
}

}  // namespace exo::cli
