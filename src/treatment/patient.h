// A patient of one clinic: names in kanji and kana, birth date, sex, contact details, weight
// and a clinic-local patient number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"
#include "core/timestamp.h"

namespace exo::treatment {

struct Patient {
  int64_t id = 0;
  int64_t clinic_id = 0;
  std::string patient_number;  // clinic-local; assigned as P000001... when not given
  std::string name_kanji;
  std::string name_kana;  // katakana or hiragana, spaces allowed
  Date birth_date;
  std::string sex;      // female | male | other | unknown
  std::string phone;    // may be empty
  std::string email;    // may be empty
  std::string address;  // may be empty
  std::optional<double> weight_kg;
  Timestamp created_at;
  // Not stored: the person registering confirmed that this is not the patient already registered
  // with the same name (or kana) and birth date ("confirmed_distinct": true).
  bool confirmed_distinct = false;
  // A fictitious patient of the demo clinic (app/demo_clinic.h): every page and document about
  // her says so. Never read from input.
  bool synthetic = false;

  int AgeOn(Date day) const;  // whole years
};

// Parses a patient from JSON {"patient_number"?, "name_kanji", "name_kana", "birth_date",
// "sex", "phone"?, "email"?, "address"?, "weight_kg"?}. Rejects a birth date after `today`,
// an age over 130, kana that is not kana, weight 0; errors name the field. Half-width kana are
// stored as full-width (FullWidthKatakana).
Result<Patient> ParsePatient(std::string_view json_text, Date today);

// True if every character is hiragana, katakana, the long-vowel mark or a space.
bool IsKana(std::string_view utf8);

// Half-width katakana (ｻﾄｳ ﾊﾅｺ, as older systems and some input methods write them) as the
// full-width katakana they stand for (サトウ ハナコ): a voiced or semi-voiced mark joins the
// kana before it (ｶﾞ → ガ, ﾊﾟ → パ, ｳﾞ → ヴ), a mark with nothing to join becomes ゛ or ゜,
// and ｰ ･ ､ ｡ ｢ ｣ their full-width forms. Everything else is kept as it is.
std::string FullWidthKatakana(std::string_view utf8);

// Whether the name a signer typed is the patient's: equal to the kanji or the kana name once
// spaces (ASCII and ideographic) and the middle dot are dropped, hiragana and half-width
// katakana read as katakana, and Latin letters (also full-width) compared without case.
bool SignerNameMatches(std::string_view typed, std::string_view name_kanji,
                       std::string_view name_kana);

}  // namespace exo::treatment
