// Result<T>: a value or an Error. Shaped like std::expected so it can be swapped in later.
// Bad input is routine here: every fallible function returns one, and an Error carries
// every field problem at once, each naming its field (a JSON pointer or a CLI/API name).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace exo {

enum class ErrorCode {
  kInvalid,
  kNotFound,
  kConflict,
  kForbidden,
  kUnauthorized,
  kTooLarge,
  kRateLimited,
  kUnavailable,
  kInternal
};

// One problem with one field. `message_id` is a key in core/messages; `args` fill its {0}, {1}.
struct FieldError {
  std::string field;
  std::string message_id;
  std::vector<std::string> args;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message_id;
  std::vector<std::string> args;
  std::vector<FieldError> fields;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status OkStatus() { return Ok{}; }

inline Error MakeError(ErrorCode code, std::string message_id, std::vector<std::string> args = {}) {
  return Error{code, std::move(message_id), std::move(args), {}};
}
inline Error Invalid(std::string field, std::string message_id,
                     std::vector<std::string> args = {}) {
  Error e{ErrorCode::kInvalid, "err.invalid_input", {}, {}};
  e.fields.push_back({std::move(field), std::move(message_id), std::move(args)});
  return e;
}
inline Error InvalidFields(std::vector<FieldError> fields) {
  return Error{ErrorCode::kInvalid, "err.invalid_input", {}, std::move(fields)};
}
inline Error NotFound(std::string what, std::string id) {
  return MakeError(ErrorCode::kNotFound, "err.not_found", {std::move(what), std::move(id)});
}
inline Error Conflict(std::string message_id, std::vector<std::string> args = {}) {
  return MakeError(ErrorCode::kConflict, std::move(message_id), std::move(args));
}
inline Error Internal(std::string detail) {
  return MakeError(ErrorCode::kInternal, "err.internal", {std::move(detail)});
}

const char* ErrorCodeName(ErrorCode code);

}  // namespace exo

// A broken invariant is a bug, never user input: abort with a reason.
#define EXO_CHECK(cond, why)                                                   \
  do {                                                                         \
    if (!(cond)) ::exo::internal::CheckFailed(__FILE__, __LINE__, #cond, why); \
  } while (0)

namespace exo::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* cond, const char* why);
}
