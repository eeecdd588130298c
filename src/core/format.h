// Number formatting for people: compact numbers, yen amounts and particle counts in the
// reader's language. CSV cells use csv.h instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/messages.h"

namespace exo {

// Up to `significant` significant digits; scientific ("8.0×10⁹") from 1e6 up or below 1e-3. For
// tables of measured values; counts people read use FormatCount/FormatParticles.
std::string FormatNumber(double value, int significant = 4);

// Digits grouped by thousands: "180,000", "-1,200".
std::string GroupThousands(int64_t value);

// A yen amount: "180,000円" (ja) / "¥180,000" (en), from the catalogue (money.yen).
std::string FormatYen(int64_t yen, Lang lang);
// An amount in a currency: FormatYen for "JPY", else "1,200 EUR".
std::string FormatMoney(int64_t amount, std::string_view currency, Lang lang);
// Before tax with the tax-inclusive amount: "180,000円（税込 198,000円）".
std::string FormatYenWithTax(int64_t before_tax, int64_t with_tax, Lang lang);

// "1.0×10¹⁰": one decimal of mantissa, superscript exponent.
std::string FormatScientific(double value);

// A large count as people read it, rounded to two significant digits: "約100億" (ja, with
// 万/億/兆) or "about 10 billion" (en). Below 10,000 the exact count, grouped.
std::string FormatCount(double value, Lang lang);

// A particle count: "約100億個（1.0×10¹⁰個）" / "about 10 billion particles (1.0×10¹⁰)".
std::string FormatParticles(double count, Lang lang);

}  // namespace exo
