#include "store/sqlite/sqlite_unit_of_work.h"

#include <exception>
#include <string>

namespace exo::store {

namespace {

Status RunGuarded(const std::function<Status()>& work) {
  try {
    return work();
  } catch (const std::exception& e) {
    return Internal(std::string("unit of work: ") + e.what());
  } catch (...) {
    return Internal("unit of work: unknown exception");
  }
}

}  // namespace

Status SqliteUnitOfWork::Run(const std::function<Status()>& work) {
  return sqlite::InTransaction(db_, [&work]() -> Status { return RunGuarded(work); });
}

Status SqliteUnitOfWork::Read(const std::function<Status()>& work) {
  const sqlite::ReadOnlyScope scope(db_);
  return RunGuarded(work);
}

}  // namespace exo::store
