// Who runs a command: a password read from the terminal (not echoed) or from one line of standard
// input, and the named user of `--user NAME` or the API token in EXOCLINIC_TOKEN.
#pragma once

#include <optional>
#include <string>

#include "app/accounts.h"
#include "core/messages.h"
#include "core/result.h"

namespace exo::cli {

// The environment variable that carries an API token (`exoclinic token create`) for scripts.
inline constexpr const char* kTokenVariable = "EXOCLINIC_TOKEN";

// A password from the terminal (asked twice when `confirm`, not echoed) or one line of standard
// input.
Result<std::string> ReadPassword(Lang lang, bool confirm);

// The actor of `--user NAME` (its password asked on the terminal or read from standard input)
// or of the token in EXOCLINIC_TOKEN; nullopt when neither is given. A wrong password or an
// unknown, revoked or disabled token is an error ("user" or EXOCLINIC_TOKEN).
Result<std::optional<app::Actor>> IdentifyUser(const app::AccountServices& accounts,
                                               const std::string& username, Lang lang);

}  // namespace exo::cli
