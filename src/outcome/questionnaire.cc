#include "outcome/questionnaire.h"

#include <cmath>

namespace exo::outcome {

namespace {

struct Definition {
  Questionnaire q;
  std::string_view id;
  int items;
  int min_answer;
  int max_answer;
  int max_missing;  // blanks the manual allows (then prorated), 0 = none
  const char* source;
};

const Definition kDefinitions[] = {
    {Questionnaire::kPhq9, "phq9", 9, 0, 3, 2,
     "PHQ-9, Kroenke et al. 2001: 0–27; 5/10/15/20 = mild/moderate/moderately severe/severe; "
     "item 9 > 0 needs same-day follow-up [V]; up to 2 blank items prorated ×9/answered per the "
     "PHQ instruction manual [R]"},
    {Questionnaire::kK6, "k6", 6, 0, 4, 0,
     "K6, Kessler 2002 (0–24 scoring): ≥13 serious distress [V]; 5–12 moderate (Prochaska 2012; "
     "cut-offs vary) [R]; no blank item allowed"},
    {Questionnaire::kPss10, "pss10", 10, 0, 4, 0,
     "PSS-10, Cohen 1988: items 4, 5, 7, 8 reversed, 0–40 [V]; 0–13 low, 14–26 moderate, "
     "27–40 high by convention, not official [V]; no blank item allowed"},
    {Questionnaire::kChalderCfq11, "cfq11", 11, 0, 3, 0,
     "Chalder Fatigue Scale (CFQ-11), Cella & Chalder 2010: Likert 0–3 per item, total 0–33; "
     "bimodal 0-0-1-1, total 0–11, ≥4 = fatigue caseness; physical items 1–7, mental 8–11 [V]"},
    {Questionnaire::kPsqi, "psqi", kPsqiItems, 0, 3, 0,
     "PSQI, Buysse et al. 1989: 7 components 0–3, global 0–21, >5 = poor sleeper (sensitivity "
     "89.6%, specificity 86.5%) [V]; every component must be answerable, item 5j may be blank"},
};

// The valid range of one item (1-based); PSQI items 1-4 are times and durations.
std::pair<int, int> ItemRange(const Definition& d, int item) {
  if (d.q == Questionnaire::kPsqi) {
    if (item == 1 || item == 3) return {0, 1439};
    if (item == 2) return {0, 720};
    if (item == 4) return {0, 1440};
  }
  return {d.min_answer, d.max_answer};
}

// Maps a raw sum onto a 0-3 component by upper bounds: sum <= b[0] -> 0, <= b[1] -> 1, ...
int Band(double sum, double b0, double b1, double b2) {
  return sum <= b0 ? 0 : sum <= b1 ? 1 : sum <= b2 ? 2 : 3;
}

Score ScorePsqi(const std::vector<std::optional<int>>& a) {
  const auto item = [&a](int i) { return a[static_cast<size_t>(i - 1)].value_or(0); };
  const int c1 = item(15);
  const int latency = item(2) <= 15 ? 0 : item(2) <= 30 ? 1 : item(2) <= 60 ? 2 : 3;
  const int c2 = Band(latency + item(5), 0, 2, 4);
  const double hours = item(4) / 60.0;
  const int c3 = hours > 7 ? 0 : hours >= 6 ? 1 : hours >= 5 ? 2 : 3;
  int in_bed = (item(3) - item(1) + 1440) % 1440;
  if (in_bed == 0) in_bed = 1440;
  const double efficiency = 100.0 * item(4) / in_bed;
  const int c4 = efficiency >= 85 ? 0 : efficiency >= 75 ? 1 : efficiency >= 65 ? 2 : 3;
  int disturbances = 0;
  for (int i = 6; i <= 14; ++i) disturbances += item(i);  // 5b-5j
  const int c5 = Band(disturbances, 0, 9, 18);
  const int c6 = item(16);
  const int c7 = Band(item(17) + item(18), 0, 2, 4);
  Score s;
  s.sub_scores = {{"c1_quality", double(c1)},      {"c2_latency", double(c2)},
                  {"c3_duration", double(c3)},     {"c4_efficiency", double(c4)},
                  {"c5_disturbances", double(c5)}, {"c6_medication", double(c6)},
                  {"c7_daytime", double(c7)},      {"efficiency_percent", std::round(efficiency)}};
  s.total = c1 + c2 + c3 + c4 + c5 + c6 + c7;
  s.band = s.total > 5 ? "poor" : "good";
  return s;
}

const Definition& Def(Questionnaire q) {
  for (const auto& d : kDefinitions)
    if (d.q == q) return d;
  return kDefinitions[0];
}

}  // namespace

std::optional<Questionnaire> ParseQuestionnaire(std::string_view id) {
  for (const auto& d : kDefinitions)
    if (d.id == id) return d.q;
  return std::nullopt;
}

std::string_view QuestionnaireId(Questionnaire q) { return Def(q).id; }

int QuestionnaireItems(Questionnaire q) { return Def(q).items; }

std::pair<int, int> QuestionnaireItemRange(Questionnaire q, int item) {
  return ItemRange(Def(q), item);
}

Result<Score> ScoreQuestionnaire(Questionnaire q, const std::vector<std::optional<int>>& answers) {
  const Definition& d = Def(q);
  if (static_cast<int>(answers.size()) != d.items)
    return Invalid("/answers", "err.item_count",
                   {std::to_string(answers.size()), std::to_string(d.items)});
  std::vector<FieldError> errors;
  int missing = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    const int n = static_cast<int>(i + 1);
    if (!answers[i]) {
      if (q == Questionnaire::kPsqi && n == 14) continue;  // 5j "other reason" is optional
      ++missing;
      continue;
    }
    const auto [lo, hi] = ItemRange(d, n);
    if (*answers[i] < lo || *answers[i] > hi)
      errors.push_back({"/answers/" + std::to_string(n),
                        "err.out_of_range",
                        {std::to_string(*answers[i]), std::to_string(lo), std::to_string(hi)}});
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  if (missing > d.max_missing)
    return Invalid("/answers", "err.too_many_blank",
                   {std::to_string(missing), std::to_string(d.max_missing)});

  Score s;
  s.source = d.source;
  const auto item = [&answers](int one_based) {
    return answers[static_cast<size_t>(one_based - 1)];
  };
  double sum = 0;
  int answered = 0;
  switch (q) {
    case Questionnaire::kPhq9: {
      for (int i = 1; i <= 9; ++i)
        if (item(i)) sum += *item(i), ++answered;
      s.total = sum;
      if (answered < 9) {
        s.total = std::round(sum * 9.0 / answered * 10) / 10;  // one decimal, as prorated
        s.prorated = true;
      }
      const double t = s.total;
      s.band = t < 5    ? "minimal"
               : t < 10 ? "mild"
               : t < 15 ? "moderate"
               : t < 20 ? "moderately_severe"
                        : "severe";
      if (item(9) && *item(9) > 0) s.alerts.push_back("phq9_item9_positive");
      if (!item(9)) s.alerts.push_back("phq9_item9_unanswered");
      break;
    }
    case Questionnaire::kK6: {
      for (int i = 1; i <= 6; ++i) sum += *item(i);
      s.total = sum;
      s.band = sum >= 13 ? "serious" : sum >= 5 ? "moderate" : "low";
      break;
    }
    case Questionnaire::kPss10: {
      for (int i = 1; i <= 10; ++i) {
        const bool reverse = i == 4 || i == 5 || i == 7 || i == 8;
        sum += reverse ? 4 - *item(i) : *item(i);
      }
      s.total = sum;
      s.band = sum <= 13 ? "low" : sum <= 26 ? "moderate" : "high";
      break;
    }
    case Questionnaire::kPsqi: {
      Score p = ScorePsqi(answers);
      p.source = s.source;
      return p;
    }
    case Questionnaire::kChalderCfq11: {
      double physical = 0, mental = 0, bimodal = 0;
      for (int i = 1; i <= 11; ++i) {
        (i <= 7 ? physical : mental) += *item(i);
        bimodal += *item(i) >= 2 ? 1 : 0;
      }
      s.total = physical + mental;
      s.sub_scores = {{"physical", physical}, {"mental", mental}, {"bimodal", bimodal}};
      s.band = bimodal >= 4 ? "case" : "non_case";
      break;
    }
  }
  return s;
}

}  // namespace exo::outcome
