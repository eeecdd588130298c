// Store interface for operating the database as a whole: its integrity, its signed documents'
// digests, online backups and restoring one. Used by `exoclinic backup | restore | verify`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace exo::store {

// A signed consent's stored digest beside the document it should describe.
struct SignedDocument {
  int64_t consent_id = 0;
  std::string stored_sha256;  // as recorded when it was signed
  std::string pdf;            // the bytes stored now
};

class Maintenance {
 public:
  virtual ~Maintenance() = default;
  // The database engine's own checks (pages, indexes, foreign keys): every problem found, none
  // when the database is sound.
  virtual Result<std::vector<std::string>> IntegrityProblems() const = 0;
  // Every signed consent of every clinic, by id.
  virtual Result<std::vector<SignedDocument>> SignedDocuments() const = 0;
  // A consistent copy of the database as of the moment it starts, while other connections and
  // processes go on writing; the new file (which must not exist: kConflict) is readable by its
  // owner only. A failed copy leaves no file behind.
  virtual Status BackupTo(const std::string& path) const = 0;
  // Replaces this (freshly created, empty) database with the backup at `path`, which must pass
  // the integrity check first; kInvalid naming "--from" when it is not a sound database.
  virtual Status RestoreFrom(const std::string& path) = 0;
};

}  // namespace exo::store
