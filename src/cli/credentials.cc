#include "cli/credentials.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace exo::cli {

namespace {

std::string ReadLine() {
  std::string p;
  std::getline(std::cin, p);
  if (!p.empty() && p.back() == '\r') p.pop_back();
  return p;
}

}  // namespace

Result<std::string> ReadPassword(Lang lang, bool confirm) {
  if (!isatty(STDIN_FILENO)) return ReadLine();
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::cerr << Message("cli.password_prompt", lang) << std::flush;
  const std::string first = ReadLine();
  std::string second = first;
  if (confirm) {
    std::cerr << "\n" << Message("cli.password_again", lang) << std::flush;
    second = ReadLine();
  }
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (first != second) return Invalid("password", "err.password_mismatch");
  return first;
}

Result<std::optional<app::Actor>> IdentifyUser(const app::AccountServices& accounts,
                                               const std::string& username, Lang lang) {
  using R = std::optional<app::Actor>;
  if (!username.empty()) {
    auto password = ReadPassword(lang, false);
    if (!password) return password.error();
    auto actor = app::AuthenticatePassword(accounts, username, *password);
    if (!actor) return actor.error();
    return R(*actor);
  }
  const char* token = std::getenv(kTokenVariable);
  if (token == nullptr || *token == '\0') return R();
  auto who = app::AuthenticateApiToken(accounts, token);
  if (!who) return who.error();
  if (!*who) return Invalid(kTokenVariable, "err.cli_token_invalid");
  return R((*who)->actor);
}

}  // namespace exo::cli
