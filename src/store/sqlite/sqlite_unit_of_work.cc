#include "store/sqlite/sqlite_unit_of_work.h"

#include <exception>
#include <string>

namespace exo::store {

Status SqliteUnitOfWork::Run(const std::function<Status()>& work) {
  return sqlite::InTransaction(db_, [&work]() -> Status {
    try {
      return work();
    } catch (const std::exception& e) {
      return Internal(std::string("unit of work: ") + e.what());
    } catch (...) {
      return Internal("unit of work: unknown exception");
    }
  });
}

}  // namespace exo::store
