// exoclinic: one program for the CLI and the web server. The only place that picks the store.
#include <memory>

#include "cli/cli.h"
#include "store/sqlite/sqlite_store.h"

namespace {

class SqliteHandle final : public exo::cli::StoreHandle {
 public:
  explicit SqliteHandle(std::unique_ptr<exo::store::SqliteStore> store)
      : store_(std::move(store)) {}
  exo::app::StoreRefs Refs() override { return exo::app::AllStoreRefs(*store_); }

 private:
  std::unique_ptr<exo::store::SqliteStore> store_;
};

exo::Result<std::unique_ptr<exo::cli::StoreHandle>> OpenSqlite(const std::string& path) {
  auto store = exo::store::SqliteStore::Open(path);
  if (!store) return store.error();
  return std::unique_ptr<exo::cli::StoreHandle>(std::make_unique<SqliteHandle>(std::move(*store)));
}

}  // namespace

int main(int argc, char** argv) { return exo::cli::Main(argc, argv, OpenSqlite); }
