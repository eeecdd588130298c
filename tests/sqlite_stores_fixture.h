// Test fixture: the SQLite stores on a fresh file of a temporary directory, with the reads the
// store tests share (the audit log, the lots of clinic 1, and rows as another process sees them).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db_dump.h"
#include "store/sqlite/sqlite_stores.h"
#include "temp_dir.h"

namespace exo::testing {

class SqliteStoresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqliteStores::Open(path_);
    ASSERT_TRUE(s.has_value()) << RenderError(s.error(), Lang::kEn);
    stores_ = std::move(*s);
  }
  store::Stores S() { return stores_->Refs(); }
  std::vector<store::AuditEntry> Audit() { return S().audit_reader.ListAudit(0, 100000).value(); }
  size_t Lots() { return S().lot_reader.ListLots(1, {})->size(); }
  // The audit entries matching `where`, as another process sees them: a connection of its own.
  int CountOnDisk(const std::string& where) { return CountRows(path_, "audit_log WHERE " + where); }

  TempDir dir_;
  std::string path_ = dir_.File("exo.db");
  std::unique_ptr<store::SqliteStores> stores_;
};

}  // namespace exo::testing
