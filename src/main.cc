// exoclinic-main: the whole program, every command and the web server; the program people run
// (exoclinic.cc) becomes it for all but the statistics commands. The only place that picks the
// store.
#include <memory>

#include "cli/cli.h"
#include "store/sqlite/sqlite_stores.h"

namespace {

class SqliteHandle final : public exo::cli::StoreHandle {
 public:
  explicit SqliteHandle(std::unique_ptr<exo::store::SqliteStores> store)
      : store_(std::move(store)) {}
  exo::app::StoreRefs Refs() override { return store_->Refs(); }
  exo::store::Maintenance& Maintenance() override { return store_->maintenance(); }

 private:
  std::unique_ptr<exo::store::SqliteStores> store_;
};

exo::Result<std::unique_ptr<exo::cli::StoreHandle>> OpenSqlite(const std::string& path) {
  auto store = exo::store::SqliteStores::Open(path);
  if (!store) return store.error();
  return std::unique_ptr<exo::cli::StoreHandle>(std::make_unique<SqliteHandle>(std::move(*store)));
}

}  // namespace

int main(int argc, char** argv) { return exo::cli::Main(argc, argv, OpenSqlite); }
