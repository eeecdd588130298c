// Loads the clinic-editable rule files from the rules directory.
#pragma once

#include <map>
#include <string>

#include "consent/consent.h"
#include "core/messages.h"
#include "core/result.h"
#include "outcome/measures.h"
#include "product/qc_rules.h"
#include "screening/screening_rules.h"
#include "treatment/aftercare.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

// Reads `<dir>/qc.toml`. Errors name the file.
Result<product::QcRules> LoadQcRules(const std::string& rules_dir);

// Reads `<dir>/screening.toml` and `<dir>/medications.toml`.
Result<screening::ScreeningRules> LoadScreeningRules(const std::string& rules_dir);

Result<treatment::ClinicSettings> LoadClinicSettings(const std::string& rules_dir);
Result<std::vector<treatment::Alternative>> LoadAlternatives(const std::string& rules_dir);

Result<treatment::AftercareRules> LoadAftercare(const std::string& rules_dir);

// The term codes of `<dir>/ae_terms.toml`; their Japanese names into `ja_labels` when given.
Result<std::vector<std::string>> LoadAdverseEventTerms(
    const std::string& rules_dir, std::map<std::string, std::string>* ja_labels = nullptr);

// The outcome measures of `<dir>/measures.toml`.
Result<std::vector<outcome::Measure>> LoadMeasures(const std::string& rules_dir);

// Reads `<dir>/consent/ja.toml` and `<dir>/consent/en.toml`.
Result<std::map<Lang, consent::ConsentTemplate>> LoadConsentTemplates(const std::string& rules_dir);

// Whole file as text; kNotFound naming the path if it cannot be read.
Result<std::string> ReadTextFile(const std::string& path, size_t max_bytes = 16 << 20);

}  // namespace exo::app
