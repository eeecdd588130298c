// A treatment plan: goals, route, sites, lot, dose per session, interval and number of
// sessions; its schedule (skipping closed days), its checks against the lot, the patient and
// the screening, and its self-pay cost. Pure: the caller supplies every fact as a value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "core/route.h"
#include "treatment/clinic_settings.h"

namespace exo::treatment {

struct PlanRequest {
  std::vector<std::string> goals;  // skin | hair | systemic
  Route route = Route::kTopical;
  std::vector<std::string> sites;  // face | neck | decollete | hands | scalp | whole_body
  int64_t lot_id = 0;
  double dose_particles = 0;  // per session
  int interval_days = 0;
  int sessions = 0;
  Date start_date;
  std::optional<double> infusion_minutes;  // IV only
};

// Parses {"goals", "route", "sites", "lot_id", "dose_particles", "interval_days", "sessions",
// "start_date", "infusion_minutes"?}; errors name the field (a start before `today`, a
// negative dose, interval 0, sessions outside 1..52 are errors). Without `today` (a request
// stored when it was valid) the start date may lie in the past.
Result<PlanRequest> ParsePlanRequest(std::string_view json_text, std::optional<Date> today);

// Whether a site suits a route: a drip ("iv") goes to "whole_body", every other route to a
// named area (face, neck, décolleté, hands, scalp).
bool SiteFitsRoute(const std::string& site, Route route);

// What the plan checks need to know about the lot, the patient and the screening.
struct PlanFacts {
  bool lot_released_for_route = false;
  std::string lot_state;  // "released", "quarantined", ...
  std::optional<Date> lot_expires_on;
  std::optional<double> particles_per_ml;
  std::optional<double> endotoxin_eu_per_ml;
  std::optional<double> vial_volume_ml;
  std::optional<int> vials_in_stock;
  std::optional<double> patient_weight_kg;
  bool screening_exists = false;
  bool screening_signed_off = false;
  bool screening_contraindicates_route = false;
  // The signed screening was for other routes than the plan's (the intake named its planned
  // routes): the physician never saw the plan's route. The intake screened again for that route
  // gives the reasons it would be contraindicated, if any (rule reasons in both languages).
  bool screening_misses_route = false;
  std::vector<std::string> screened_routes;               // route ids the screening covered
  std::vector<std::string> unscreened_contraindications;  // ids of the rules that fire for it
  double k_eu_per_kg_per_h = 5.0;
};

enum class CheckLevel { kError, kWarning };
struct PlanCheck {
  CheckLevel level = CheckLevel::kError;
  std::string id;          // e.g. "lot_not_released"
  std::string message_id;  // core/messages
  std::vector<std::string> args;
  bool blocks_draft = false;  // errors that even a draft cannot be saved with
};

struct PlanCost {
  long long per_session = 0;
  long long subtotal = 0;
  long long tax = 0;  // rounded down to the yen
  long long total = 0;
  std::string currency;
  double tax_rate = 0;
};

struct PlanEvaluation {
  std::vector<Date> schedule;
  std::optional<double> dose_ml;  // per session, from the lot's concentration
  std::optional<double> iv_endotoxin_eu_per_kg_per_h;
  std::vector<PlanCheck> checks;
  PlanCost cost;
  bool HasError() const;
  bool CanActivate() const;  // no error at all
};

// Session dates: start, then every interval_days after the previous session, each moved
// forward past closed days.
std::vector<Date> BuildSchedule(Date start, int interval_days, int sessions,
                                const ClinicSettings& clinic);

PlanEvaluation EvaluatePlan(const PlanRequest& plan, const PlanFacts& facts,
                            const ClinicSettings& clinic);

}  // namespace exo::treatment
