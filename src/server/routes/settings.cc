// Settings: the clinic-editable rule files (listed, read, saved after the program's own loader
// accepts the text) and the clinic settings form (closed days, prices, follow-up days). A save
// asks the dispatcher to load the rules again (Reply::reload_rules).
#include "app/rule_files.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

Result<Reply> ListRuleFiles(const httplib::Request&, const Caller&, Lang) {
  return Reply{200, {{"files", JsonArray(app::EditableRuleFiles(), [](const app::RuleFile& f) {
                        return json{{"id", f.id}, {"path", "rules/" + f.path}};
                      })}}};
}

Result<Reply> ReadRuleFile(const std::string& rules_dir, const httplib::Request& req, const Caller&,
                           Lang) {
  auto text = app::ReadRuleFile(rules_dir, req.matches[1].str());
  if (!text) return text.error();
  return Reply{200, {{"id", req.matches[1].str()}, {"text", *text}}};
}

// A saved file: {"id", "saved": true}; the dispatcher adds when it applies.
Result<Reply> Saved(const Status& status, const std::string& id) {
  if (!status) return status.error();
  Reply r{200, {{"id", id}, {"saved", true}}};
  r.reload_rules = true;
  return r;
}

// {"text"}: the whole file.
Result<Reply> SaveRuleFile(const app::AccountServices& a, const std::string& rules_dir,
                           const httplib::Request& req, const Caller& caller, Lang) {
  auto body = ObjectBody(req, {"text"});
  if (!body) return body.error();
  const auto text = body->find("text");
  if (text == body->end() || !text->is_string()) return Invalid("/text", "err.required");
  return Saved(app::SaveRuleFile(rules_dir, a.audit, a.clock, caller.actor, req.matches[1].str(),
                                 text->get<std::string>()),
               req.matches[1].str());
}

Result<Reply> ReadClinicSettings(const std::string& rules_dir, const httplib::Request&,
                                 const Caller&, Lang) {
  return JsonReply(200, app::ReadClinicSettingsJson(rules_dir), [](const json& j) { return j; });
}

Result<Reply> SaveClinicSettings(const app::AccountServices& a, const std::string& rules_dir,
                                 const httplib::Request& req, const Caller& caller, Lang) {
  auto body = ObjectBody(req);
  if (!body) return body.error();
  return Saved(app::SaveClinicSettingsJson(rules_dir, a.audit, a.clock, caller.actor, *body),
               "clinic");
}

}  // namespace

std::vector<Route> SettingsRoutes(const app::AccountServices& accounts,
                                  const std::string& rules_dir) {
  using P = Permission;
  const std::string rule_file = R"(/api/v1/settings/rules/([a-z_-]+))";
  return {
      {"GET", "/api/v1/settings/rules", P::kManageSettings, "rules.list", ListRuleFiles},
      {"GET", rule_file, P::kManageSettings, "rules.read", Bind(ReadRuleFile, rules_dir)},
      {"POST", rule_file, P::kManageSettings, "rules.save",
       Bind(SaveRuleFile, accounts, rules_dir)},
      {"GET", "/api/v1/settings/clinic", P::kManageSettings, "rules.read",
       Bind(ReadClinicSettings, rules_dir)},
      {"POST", "/api/v1/settings/clinic", P::kManageSettings, "rules.save",
       Bind(SaveClinicSettings, accounts, rules_dir)},
  };
}

}  // namespace exo::server
