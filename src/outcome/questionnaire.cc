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
};

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

Result<Score> ScoreQuestionnaire(Questionnaire q, const std::vector<std::optional<int>>& answers) {
  const Definition& d = Def(q);
  if (static_cast<int>(answers.size()) != d.items)
    return Invalid("/answers", "err.item_count",
                   {std::to_string(answers.size()), std::to_string(d.items)});
  std::vector<FieldError> errors;
  int missing = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i]) {
      ++missing;
      continue;
    }
    if (*answers[i] < d.min_answer || *answers[i] > d.max_answer)
      errors.push_back({"/answers/" + std::to_string(i + 1),
                        "err.out_of_range",
                        {std::to_string(*answers[i]), std::to_string(d.min_answer),
                         std::to_string(d.max_answer)}});
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
