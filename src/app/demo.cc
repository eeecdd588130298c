#include "app/demo.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/lot_view.h"

namespace exo::app {

using nlohmann::json;

namespace {

std::string Day(const Clock& clock, int offset) { return clock.Today().AddDays(offset).ToString(); }

json FullPanel() {
  return {{"HBV", "negative"},    {"HCV", "negative"},      {"HIV", "negative"},
          {"HTLV-1", "negative"}, {"syphilis", "negative"}, {"parvovirus_B19", "negative"}};
}

std::vector<json> DemoCertificates(const Clock& c) {
  std::vector<json> certs;
  // 1. Umbilical-cord MSC small EVs, fully documented.
  certs.push_back({
      {"schema", "exoclinic.certificate/1"},
      {"product",
       {{"name", "UC-MSC small EV 10B (demo)"},
        {"manufacturer", "Demo Cell Lab KK"},
        {"origin", {{"species", "human"}, {"tissue", "umbilical cord"}, {"cell_type", "MSC"}}},
        {"form", "liquid"},
        {"intended_routes", {"iv", "injection", "microneedle", "topical"}}}},
      {"lot",
       {{"number", "UC-" + Day(c, -40).substr(0, 4) + "-0412"},
        {"manufactured_on", Day(c, -40)},
        {"expires_on", Day(c, 325)},
        {"storage_celsius", -80},
        {"volume_ml", 5.0}}},
      {"donor", {{"consented", true}, {"screening", FullPanel()}}},
      {"manufacturing",
       {{"gmp", true},
        {"separation", {"tangential flow filtration", "size-exclusion chromatography"}},
        {"sterile_filtration_um", 0.22},
        {"viral_inactivation", "none (cell bank tested per ICH Q5A)"}}},
      {"tests",
       {{"sterility", "negative"},
        {"mycoplasma", "negative"},
        {"endotoxin_eu_per_ml", 0.12},
        {"particles_per_ml", 2.0e9},
        {"particle_method", "NTA"},
        {"size_mode_nm", 112},
        {"size_d10_nm", 74},
        {"size_d90_nm", 178},
        {"protein_ug_per_ml", 0.05},
        {"markers_positive", {"CD9", "CD63", "CD81", "TSG101", "ALIX"}},
        {"markers_negative", {"calnexin", "ApoA1"}},
        {"imaging", "cryo-EM"}}},
  });
  // 2. Adipose MSC EVs without endotoxin or purity data.
  certs.push_back({
      {"schema", "exoclinic.certificate/1"},
      {"product",
       {{"name", "ADSC exosome serum (demo)"},
        {"manufacturer", "Demo Adipo Bio"},
        {"origin", {{"species", "human"}, {"tissue", "adipose"}, {"cell_type", "MSC"}}},
        {"form", "liquid"},
        {"intended_routes", {"injection", "microneedle", "topical"}}}},
      {"lot",
       {{"number", "AD-" + Day(c, -20).substr(0, 4) + "-077"},
        {"manufactured_on", Day(c, -20)},
        {"expires_on", Day(c, 160)},
        {"storage_celsius", -20},
        {"volume_ml", 2.0}}},
      {"donor",
       {{"consented", true},
        {"screening", {{"HBV", "negative"}, {"HCV", "negative"}, {"HIV", "negative"}}}}},
      {"manufacturing", {{"gmp", false}, {"separation", "ultracentrifugation"}}},
      {"tests",
       {{"sterility", "negative"},
        {"mycoplasma", "negative"},
        {"particles_per_ml", 1.0e10},
        {"particle_method", "NTA"},
        {"size_mode_nm", 138},
        {"markers_positive", {"CD63"}}}},
  });
  // 3. A plant-derived "exosome" cosmetic.
  certs.push_back({
      {"schema", "exoclinic.certificate/1"},
      {"product",
       {{"name", "Rose callus vesicle essence (demo)"},
        {"manufacturer", "Demo Botanicals"},
        {"origin",
         {{"species", "plant"}, {"tissue", "rose callus culture"}, {"cell_type", "plant callus"}}},
        {"form", "liquid"},
        {"intended_routes", {"topical"}}}},
      {"lot",
       {{"number", "RC-" + Day(c, -90).substr(0, 4) + "-15"},
        {"manufactured_on", Day(c, -90)},
        {"expires_on", Day(c, 640)},
        {"storage_celsius", 4},
        {"volume_ml", 30.0}}},
      {"tests", {{"particles_per_ml", 5.0e8}, {"particle_method", "DLS"}}},
  });
  // 4. Dental-pulp lot past its expiry date.
  certs.push_back({
      {"schema", "exoclinic.certificate/1"},
      {"product",
       {{"name", "SHED-EV 5B (demo)"},
        {"manufacturer", "Demo Dental Stem Co"},
        {"origin", {{"species", "human"}, {"tissue", "dental pulp"}, {"cell_type", "SHED"}}},
        {"form", "lyophilized"},
        {"intended_routes", {"injection", "microneedle", "topical"}}}},
      {"lot",
       {{"number", "DP-" + Day(c, -420).substr(0, 4) + "-003"},
        {"manufactured_on", Day(c, -420)},
        {"expires_on", Day(c, -55)},
        {"storage_celsius", 4},
        {"volume_ml", 1.0}}},
      {"donor", {{"consented", true}, {"screening", FullPanel()}}},
      {"manufacturing", {{"gmp", true}, {"sterile_filtration_um", 0.22}}},
      {"tests",
       {{"sterility", "negative"},
        {"mycoplasma", "negative"},
        {"endotoxin_eu_per_ml", 0.3},
        {"particles_per_ml", 5.0e9},
        {"particle_method", "NTA"},
        {"size_mode_nm", 105},
        {"size_d10_nm", 70},
        {"size_d90_nm", 190},
        {"protein_ug_per_ml", 1.2},
        {"markers_positive", {"CD9", "CD81", "syntenin"}},
        {"markers_negative", {"GM130"}},
        {"imaging", "TEM"}}},
  });
  return certs;
}

}  // namespace

std::string DemoTreatmentLotCertificate(Date today, int k, int manufactured_days_ago) {
  const FakeClock clock(today);
  json cert = DemoCertificates(clock).front();
  char number[32];
  std::snprintf(number, sizeof number, "UC-DEMO-CLINIC-%02d", k);
  cert["lot"]["number"] = number;
  const Date made = today.AddDays(-manufactured_days_ago);
  cert["lot"]["manufactured_on"] = made.ToString();
  cert["lot"]["expires_on"] = made.AddDays(540).ToString();
  return cert.dump(2);
}

Result<int> LoadDemo(const LotServices& s, const Actor& actor) {
  int added = 0;
  const auto certs = DemoCertificates(s.clock);
  for (size_t i = 0; i < certs.size(); ++i) {
    const json& cert = certs[i];
    const std::string manufacturer = cert["product"]["manufacturer"];
    const std::string number = cert["lot"]["number"];
    auto existing = s.reader.FindLotByNumber(actor.clinic_id, manufacturer, number);
    if (!existing) return existing.error();
    if (*existing) continue;
    const std::string text = cert.dump(2);
    product::QcContext ctx;
    ctx.today = s.clock.Today();
    auto eval = EvaluateCertificate(s.rules, text, ctx);
    if (!eval) return eval.error();
    auto view = InsertImportedLot(s, actor, text, std::move(*eval), ctx,
                                  i == 0   ? 40
                                  : i == 1 ? 12
                                           : 6);
    if (!view) return view.error();
    ++added;
    if (i == 0) {  // the fully documented lot, released for every route
      auto event = product::PlanRelease(view->lot, RouteSet::All(), view->report, {});
      if (!event) return event.error();
      const AuditNote note{"lot.release", LotObject(view->lot.id),
                           RouteSetToString(RouteSet::All())};
      if (auto st = ApplyAuditedEvent(s, actor, view->lot.id, std::move(*event), note); !st)
        return st.error();
    }
  }
  // The demo's expired lot shows as expired at once, as it would after the daily expiry job.
  if (auto expired = ExpireLotsOf(s, actor.clinic_id); !expired) return expired.error();
  return added;
}

}  // namespace exo::app
