// The rendered evaluation of lots, kept between reads: the part of a lot's JSON that depends
// only on its certificate text, the QC rules, the clinic's calendar day, the state that makes a
// lot unusable (recalled, destroyed, expired) and the reader's language, namely the certificate
// as imported and today's QC report. Everything else a lot read shows (state, stock, released
// routes, events) is read from the store on every request, so a release, recall, destruction or
// stock change shows at once; a new certificate text, rules version (QcRules::version, bumped by
// app::ReloadRuleSet), day or unusable state makes the entry's inputs differ, and the report is
// evaluated again. Nothing is ever invalidated by hand, so nothing can be served stale.
//
// It also keeps each lot's whole JSON (head and evaluation), served while the lot's revision
// (product::Lot::revision, which the database moves on any change to the lot, its events or
// its clinic's staff names, whoever makes it), the rules version and the clinic's day are the
// ones it was made from: so a read that finds it reads one number from the store instead of the
// lot, and a change, a new rule set or a new day shows at the next read.
//
// Thread safety: every method may be called from any thread (the server's request threads);
// the entries are guarded by a mutex, and a text handed out stays valid while its holder keeps
// it (a newer entry may replace it meanwhile).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "core/date.h"
#include "core/messages.h"
#include "product/lot.h"

namespace exo::app {

// What the rendered text was made from; an entry serves a read only when all of them are equal.
struct LotReportInputs {
  std::string certificate_json;  // the stored certificate, compared whole (not by a hash)
  int64_t rules_version = 0;     // product::QcRules::version
  Date today;                    // the clinic's calendar day of the evaluation
  std::string unusable_state;    // product::QcContext::unusable_state ("" when usable)
};

// What a lot's whole JSON was made from; it serves a read only when all of them are equal.
struct LotJsonInputs {
  product::LotRevision revision;  // product::Lot::revision
  int64_t rules_version = 0;      // product::QcRules::version
  Date today;                     // the clinic's calendar day of the read
  friend bool operator==(const LotJsonInputs&, const LotJsonInputs&) = default;
};

class LotReportCache {
 public:
  // At most this many entries (lot and language); past it the cache starts again empty.
  static constexpr size_t kMaxEntries = 4096;

  // The text rendered for (clinic, lot, lang) from exactly `inputs`, or null.
  // shared_ptr: a reader keeps the text it got while another thread replaces the entry.
  std::shared_ptr<const std::string> Find(product::ClinicId clinic, product::LotId lot, Lang lang,
                                          const LotReportInputs& inputs) const;
  void Put(product::ClinicId clinic, product::LotId lot, Lang lang, LotReportInputs inputs,
           std::shared_ptr<const std::string> text);
  size_t Size() const;

  // The whole JSON of (clinic, lot, lang) made from exactly `inputs`, or null.
  std::shared_ptr<const std::string> FindLotJson(product::ClinicId clinic, product::LotId lot,
                                                 Lang lang, const LotJsonInputs& inputs) const;
  void PutLotJson(product::ClinicId clinic, product::LotId lot, Lang lang, LotJsonInputs inputs,
                  std::shared_ptr<const std::string> text);

 private:
  struct Entry {
    LotReportInputs inputs;
    std::shared_ptr<const std::string> text;
  };
  using Key = std::tuple<product::ClinicId, product::LotId, Lang>;
  mutable std::mutex mu_;
  struct JsonEntry {
    LotJsonInputs inputs;
    std::shared_ptr<const std::string> text;
  };
  std::map<Key, Entry> entries_;       // guarded by mu_
  std::map<Key, JsonEntry> lot_json_;  // guarded by mu_
};

}  // namespace exo::app
