#include "core/messages.h"

#include <string_view>
#include <unordered_map>

namespace exo {

namespace {

struct Entry {
  std::string_view ja;
  std::string_view en;
};

const std::unordered_map<std::string_view, Entry>& Catalog() {
  static const auto* catalog = new std::unordered_map<std::string_view, Entry>{
      // General errors.
      {"err.invalid_input", {"入力に誤りがあります", "the input is not valid"}},
      {"err.not_found", {"{0} {1} は見つかりません", "{0} {1} was not found"}},
      {"err.internal", {"内部エラー: {0}", "internal error: {0}"}},
      {"err.unavailable", {"利用できません: {0}", "unavailable: {0}"}},
      {"err.too_large",
       {"リクエストが大きすぎます（上限 {0} バイト）",
        "the request is too large (limit {0} bytes)"}},
      {"err.unauthorized", {"ログインが必要です", "authentication required"}},
      {"err.forbidden", {"この操作の権限がありません", "your role does not allow this"}},
      {"err.bad_request",
       {"リクエストを読めません（ヘッダーが大きすぎるか形式が不正です）",
        "the request could not be read (headers too large or malformed)"}},
      {"err.unknown_endpoint", {"そのエンドポイントはありません", "no such endpoint"}},
      {"err.method_not_allowed", {"このメソッドは使えません", "method not allowed"}},
      // JSON and value errors; {0} is what was received.
      {"err.json_syntax", {"JSON の構文エラー: {0}", "malformed JSON: {0}"}},
      {"err.required", {"必須項目です", "is required"}},
      {"err.expected_object",
       {"オブジェクトが必要です（入力: {0}）", "expected an object, got {0}"}},
      {"err.expected_array", {"配列が必要です（入力: {0}）", "expected an array, got {0}"}},
      {"err.expected_string", {"文字列が必要です（入力: {0}）", "expected a string, got {0}"}},
      {"err.expected_bool",
       {"true か false が必要です（入力: {0}）", "expected true or false, got {0}"}},
      {"err.expected_number", {"数値が必要です（入力: {0}）", "expected a number, got {0}"}},
      {"err.expected_number_nonneg",
       {"0 以上の数値が必要です（入力: {0}）", "expected a number >= 0, got {0}"}},
      {"err.expected_number_positive",
       {"0 より大きい数値が必要です（入力: {0}）", "expected a number > 0, got {0}"}},
      {"err.expected_integer_positive",
       {"1 以上の整数が必要です（入力: {0}）", "expected a whole number >= 1, got {0}"}},
      {"err.out_of_range",
       {"範囲外の値です（{1}〜{2} が必要、入力: {0}）",
        "out of range: expected {1} to {2}, got {0}"}},
      {"err.expected_date",
       {"YYYY-MM-DD 形式の実在する日付が必要です（入力: {0}）",
        "expected a real date as YYYY-MM-DD, got {0}"}},
      {"err.expected_one_of",
       {"次のいずれかが必要です: {1}（入力: {0}）", "expected one of {1}, got {0}"}},
      {"err.string_too_long",
       {"文字列が長すぎます（上限 {1} 文字、入力 {0} 文字）",
        "text is too long: at most {1} characters, got {0}"}},
      {"err.empty_string", {"空にはできません", "must not be empty"}},
      {"err.schema",
       {"スキーマは \"{1}\" である必要があります（入力: {0}）",
        "expected schema \"{1}\", got {0}"}},
      {"err.expiry_before_manufacture",
       {"有効期限（{0}）が製造日（{1}）より前です",
        "expiry date {0} is before manufacture date {1}"}},
      {"err.d10_above_d90",
       {"d10（{0} nm）が d90（{1} nm）より大きくなっています",
        "d10 ({0} nm) is larger than d90 ({1} nm)"}},
      {"err.duplicate", {"重複しています: {0}", "duplicate value: {0}"}},
      {"err.unknown_route",
       {"不明な投与経路です: {0}（iv, injection, microneedle, topical のいずれか）",
        "unknown route {0} (expected iv, injection, microneedle or topical)"}},
      {"err.unknown_lang",
       {"不明な言語です: {0}（ja または en）", "unknown language {0} (expected ja or en)"}},
      {"err.unknown_format", {"不明な出力形式です: {0}", "unknown format {0}"}},
      {"err.file_read", {"ファイルを読めません: {0}", "cannot read file {0}"}},
      {"err.file_write", {"ファイルに書き込めません: {0}", "cannot write file {0}"}},
      {"err.not_an_id",
       {"ID は正の整数です（入力: {0}）", "an id is a positive whole number, got {0}"}},
      // Rules files.
      {"err.rules_syntax", {"ルールファイルの構文エラー: {0}", "rules file syntax error: {0}"}},
      {"err.rules_unknown_check", {"不明な判定種別です: {0}", "unknown check kind {0}"}},
      {"err.rules_safety_floor",
       {"安全上の下限を下回る設定です: {0}", "this setting weakens a safety floor: {0}"}},
      {"err.rules_missing_criterion",
       {"必須の基準がありません: {0}", "required criterion missing: {0}"}},
      // QC criterion details ({n} are filled in by product/qc_evaluation.cc).
      {"qc.d.not_disclosed", {"未開示: {0}", "not disclosed: {0}"}},
      {"qc.d.route_not_applicable", {"経路 {0} には適用されません", "does not apply to route {0}"}},
      {"qc.d.origin", {"動物種 {0}、組織 {1}、細胞 {2}", "species {0}, tissue {1}, cell type {2}"}},
      {"qc.d.human", {"ヒト由来", "human origin"}},
      {"qc.d.non_human",
       {"ヒト以外の由来（{0}）: 点滴・注射には使用できません",
        "non-human origin ({0}): never for IV or injection"}},
      {"qc.d.lot_number", {"ロット {0}", "lot {0}"}},
      {"qc.d.dates", {"製造 {0}、有効期限 {1}", "manufactured {0}, expires {1}"}},
      {"qc.d.expires_in", {"有効期限 {0}（残り {1} 日）", "expires {0} ({1} days left)"}},
      {"qc.d.expired", {"有効期限切れ: {0}（{1} 日経過）", "expired on {0} ({1} days ago)"}},
      {"qc.d.storage_ok",
       {"保管 {0} °C（{2} の上限 {1} °C）", "stored at {0} °C (limit {1} °C for {2} form)"}},
      {"qc.d.storage_warm",
       {"保管 {0} °C は {2} の上限 {1} °C より高温です",
        "stored at {0} °C, warmer than the {1} °C limit for {2} form"}},
      {"qc.d.non_human_na",
       {"ヒト以外の由来のため該当しません", "not applicable: non-human origin"}},
      {"qc.d.donor_consented", {"ドナーの同意あり", "donor consent documented"}},
      {"qc.d.donor_not_consented", {"ドナーの同意がありません", "no donor consent"}},
      {"qc.d.donor_positive", {"陽性: {0}", "positive: {0}"}},
      {"qc.d.donor_missing", {"未報告の検査: {0}", "tests not reported: {0}"}},
      {"qc.d.donor_all_negative", {"すべて陰性: {0}", "all negative: {0}"}},
      {"qc.d.gmp_yes", {"GMP 下で製造", "made under GMP"}},
      {"qc.d.gmp_no", {"GMP 下の製造ではありません", "not made under GMP"}},
      {"qc.d.filtration_ok", {"{0} µm フィルター（上限 {1} µm）", "{0} µm filter (limit {1} µm)"}},
      {"qc.d.filtration_wide",
       {"{0} µm フィルターは無菌ろ過の上限 {1} µm を超えます",
        "{0} µm filter is wider than the {1} µm sterile limit"}},
      {"qc.d.test_negative", {"陰性", "negative"}},
      {"qc.d.test_positive", {"陽性", "positive"}},
      {"qc.d.test_not_tested", {"未実施", "not tested"}},
      {"qc.d.endotoxin_ok", {"{0} EU/mL（上限 {1} EU/mL）", "{0} EU/mL (limit {1} EU/mL)"}},
      {"qc.d.endotoxin_high",
       {"{0} EU/mL は上限 {1} EU/mL を超えます", "{0} EU/mL exceeds the {1} EU/mL limit"}},
      {"qc.d.dose_iv_needs",
       {"患者体重（と投与量）の入力が必要です", "needs the patient's weight (and dose volume)"}},
      {"qc.d.dose_iv_ok",
       {"{0} EU（{1} mL、{2} 分、{3} kg）= {4} EU/kg/時（上限 {5}）",
        "{0} EU in {1} mL over {2} min at {3} kg = {4} EU/kg/h (limit {5})"}},
      {"qc.d.dose_iv_high",
       {"{0} EU（{1} mL、{2} 分、{3} kg）= {4} EU/kg/時 は上限 {5} を超えます",
        "{0} EU in {1} mL over {2} min at {3} kg = {4} EU/kg/h exceeds {5}"}},
      {"qc.d.particle_method",
       {"測定法 {0} は粒子計測法として認められていません（{1}）",
        "method {0} is not an accepted particle method ({1})"}},
      {"qc.d.particles_zero", {"粒子数が 0 です", "particle count is zero"}},
      {"qc.d.particles_ok", {"{0} 粒子/mL（{1}）", "{0} particles/mL by {1}"}},
      {"qc.d.size_ok",
       {"最頻値 {0} nm、d10 {1} nm、d90 {2} nm（小型 EV 範囲 {3}〜{4} nm）",
        "mode {0} nm, d10 {1} nm, d90 {2} nm (small-EV range {3} to {4} nm)"}},
      {"qc.d.size_outside",
       {"最頻値 {0} nm、d10 {1} nm、d90 {2} nm: 小型 EV 範囲 {3}〜{4} nm を外れています",
        "mode {0} nm, d10 {1} nm, d90 {2} nm: outside the small-EV range {3} to {4} nm"}},
      {"qc.d.protein", {"{0} µg/mL", "{0} µg/mL"}},
      {"qc.d.purity_high",
       {"{0} 粒子/µg タンパク質: 高純度（{1} 以上）",
        "{0} particles/µg protein: high purity (at least {1})"}},
      {"qc.d.purity_low",
       {"{0} 粒子/µg タンパク質: 低純度（{2} 以上 {1} 未満）",
        "{0} particles/µg protein: low purity ({2} to {1})"}},
      {"qc.d.purity_impure",
       {"{0} 粒子/µg タンパク質: 不純（{2} 未満）",
        "{0} particles/µg protein: impure (below {2})"}},
      {"qc.d.markers_pos", {"膜貫通型: {0}／細胞質: {1}", "transmembrane: {0}; cytosolic: {1}"}},
      {"qc.d.markers_no_tm",
       {"膜貫通型マーカー（CD9・CD63・CD81 など）がありません（{0}）",
        "no transmembrane marker such as CD9, CD63, CD81 ({0})"}},
      {"qc.d.markers_no_cyto",
       {"細胞質マーカー（TSG101・ALIX など）がありません（{0}）",
        "no cytosolic marker such as TSG101, ALIX ({0})"}},
      {"qc.d.markers_neg_ok", {"夾雑マーカー: {0}", "contaminant markers: {0}"}},
      {"qc.d.markers_neg_none",
       {"既知の夾雑・陰性マーカーがありません（{0}）", "no recognised contaminant marker ({0})"}},
      {"qc.d.imaging_ok", {"{0}", "{0}"}},
      {"qc.d.imaging_bad",
       {"{0} は単一小胞の画像法ではありません", "{0} is not a single-vesicle imaging method"}},
      {"qc.w.route_not_intended",
       {"製造元はこの経路を想定用途に挙げていません",
        "the manufacturer does not list this route as intended"}},
      // Report words.
      {"word.releasable", {"出荷可", "releasable"}},
      {"word.not_releasable", {"出荷不可", "not releasable"}},
      {"word.pass", {"適合", "pass"}},
      {"word.fail", {"不適合", "fail"}},
      {"word.not_disclosed", {"未開示", "not disclosed"}},
      {"word.not_applicable", {"対象外", "not applicable"}},
      {"word.blocking", {"阻害要因", "blocked by"}},
      {"word.override_possible",
       {"理由を記録すればオーバーライド可", "override possible with a reason"}},
      {"word.override_impossible", {"オーバーライド不可", "cannot be overridden"}},
      {"word.verdict", {"経路別判定", "Verdict by route"}},
      {"word.criteria", {"基準", "Criteria"}},
      {"word.derived", {"算出値", "Derived values"}},
      {"word.disclosure", {"開示率", "Disclosure"}},
      {"word.unknown_fields",
       {"スキーマにない項目（誤記の可能性）", "Fields the schema does not know (typos?)"}},
      {"word.area.origin_lot", {"由来とロット管理", "Origin and lot control"}},
      {"word.area.manufacturing_qc", {"製造時の品質検査", "Manufacturing QC"}},
      {"word.area.content_purity", {"含有量と純度", "Content and purity"}},
      {"word.state.quarantined", {"隔離保管", "quarantined"}},
      {"word.state.released", {"出荷済", "released"}},
      {"word.state.expired", {"期限切れ", "expired"}},
      {"word.state.recalled", {"回収", "recalled"}},
      {"word.state.destroyed", {"廃棄", "destroyed"}},
      {"word.disclaimer",
       {"この評価は証明書の記載内容の確認であり、製品の効果や安全性を保証するものではありません。使"
        "用の判断は医師が行います。",
        "This checks what the certificate discloses; it does not show that the product works or is "
        "safe. The physician decides."}},
      // Command-line labels.
      {"cli.col.id", {"ID", "ID"}},
      {"cli.col.state", {"状態", "STATE"}},
      {"cli.col.lot", {"ロット", "LOT"}},
      {"cli.col.expires", {"有効期限", "EXPIRES"}},
      {"cli.col.routes", {"出荷経路", "ROUTES"}},
      {"cli.col.product", {"製品", "PRODUCT"}},
      {"cli.lot.title", {"ロット {0}: {1} — {2}（{3}）", "Lot {0}: {1} — {2} ({3})"}},
      {"cli.lot.state", {"  状態: {0}", "  state: {0}"}},
      {"cli.lot.state_routes", {"  状態: {0}（経路: {1}）", "  state: {0} for {1}"}},
      {"cli.lot.expires", {"  有効期限: {0}", "  expires: {0}"}},
      {"cli.lot.vials", {"  在庫バイアル数: {0}", "  vials in stock: {0}"}},
      {"cli.lot.token", {"  公開トークン: {0}", "  public token: {0}"}},
      {"cli.lot.override",
       {"  ! オーバーライドによる出荷があります（履歴を参照）",
        "  ! released with an override (see history)"}},
      {"cli.lot.override_tag", {"[オーバーライド]", "[override]"}},
      {"cli.lot.history", {"履歴", "History"}},
      {"cli.lot.override_of", {"オーバーライド:", "OVERRIDE of"}},
      {"cli.demo_added", {"デモ: {0} 件のロットを追加しました", "demo: {0} lot(s) added"}},
      {"cli.serving",
       {"exoclinic: http://{0}:{1}/ で待ち受けています（Ctrl-C で停止）",
        "exoclinic: serving on http://{0}:{1}/  (Ctrl-C to stop)"}},
      {"cli.cannot_listen", {"{0}:{1} で待ち受けできません", "cannot listen on {0}:{1}"}},
      // Accounts and sessions.
      {"err.login_failed",
       {"ユーザー名またはパスワードが違います", "invalid user name or password"}},
      {"err.rate_limited",
       {"試行回数が多すぎます。しばらくしてから再度お試しください",
        "too many attempts; try again later"}},
      {"err.csrf",
       {"CSRF トークンがないか一致しません（X-CSRF-Token ヘッダー）",
        "missing or wrong CSRF token (X-CSRF-Token header)"}},
      {"err.password_short",
       {"パスワードは {0} 文字以上にしてください", "a password needs at least {0} characters"}},
      {"err.user_exists", {"ユーザー {0} は既に存在します", "user {0} already exists"}},
      {"err.username_format",
       {"ユーザー名は英数字と . _ - の 3〜64 文字です（入力: {0}）",
        "a user name is 3 to 64 letters, digits, '.', '_' or '-' (got {0})"}},
      {"err.unknown_role",
       {"不明な役割です: {0}（admin, physician, nurse, reception, analyst, patient）",
        "unknown role {0} (admin, physician, nurse, reception, analyst, patient)"}},
      {"err.role_too_wide",
       {"トークンの役割 {0} は利用者の役割 {1} を超えています",
        "a token role {0} cannot exceed the user's role {1}"}},
      {"err.setup_done", {"初期設定は完了しています", "setup is already done"}},
      {"err.setup_token", {"セットアップトークンが違います", "wrong setup token"}},
      {"err.json_too_deep",
       {"JSON の入れ子が深すぎます（上限 {0}）", "JSON nested deeper than {0} levels"}},
      {"err.user_disabled_self", {"自分自身は無効化できません", "you cannot disable yourself"}},
      {"err.password_mismatch", {"パスワードが一致しません", "the passwords do not match"}},
      {"cli.password_prompt", {"パスワード: ", "Password: "}},
      {"cli.password_again", {"もう一度: ", "Again: "}},
      {"cli.user_added", {"ユーザー {0}（{1}）を追加しました", "added user {0} ({1})"}},
      {"cli.password_changed",
       {"{0} のパスワードを変更し、全セッションを終了しました",
        "changed the password of {0} and ended their sessions"}},
      {"cli.user_disabled", {"{0} を無効にしました", "disabled {0}"}},
      {"cli.user_enabled", {"{0} を有効にしました", "enabled {0}"}},
      {"cli.disabled", {"無効", "disabled"}},
      {"cli.revoked", {"失効", "revoked"}},
      {"cli.token_created",
       {"トークン {0}（役割 {1}）を作成しました。次の値は一度しか表示されません:",
        "created token {0} (role {1}); the value below is shown only once:"}},
      {"cli.token_revoked", {"トークン {0} を失効させました", "revoked token {0}"}},
      {"cli.clinic_added", {"クリニック {0}「{1}」を追加しました", "added clinic {0} \"{1}\""}},
      {"cli.audit_ok",
       {"監査ログは正常です: {0} 件、先頭ハッシュ {1}（別の場所に控えてください）",
        "audit log intact: {0} entries, head hash {1} (record it elsewhere)"}},
      {"cli.audit_bad",
       {"監査ログの改ざんを検出: 最初の不正なエントリー {0}（{1}）",
        "audit log tampered: first bad entry {0} ({1})"}},
      {"cli.serving_tls",
       {"exoclinic: https://{0}:{1}/ で待ち受けています（Ctrl-C で停止）",
        "exoclinic: serving on https://{0}:{1}/  (Ctrl-C to stop)"}},
      {"cli.setup_token",
       {"ユーザーがいません。最初の管理者を作成するには、このワンタイムトークンで POST "
        "/api/v1/setup を呼ぶか、`exoclinic user add NAME --role admin` を実行してください: {0}",
        "No users yet. Create the first admin with POST /api/v1/setup and this one-time token, or "
        "run `exoclinic user add NAME --role admin`: {0}"}},
      {"err.expected_integer_range",
       {"{1}〜{2} の整数が必要です（入力: {0}）",
        "expected a whole number from {1} to {2}, got {0}"}},
      // Screening.
      {"screen.disclaimer",
       {"これは医師と話し合う点の一覧であり、診断や適応の判断ではありません。治療の可否は医師が判断"
        "します。",
        "These are points to discuss with a physician, not a diagnosis or a finding that you are "
        "suitable. The physician decides."}},
      {"screen.no_flags",
       {"該当する項目はありません（それでも医師の診察が必要です）",
        "no rule fired (a physician still needs to see the patient)"}},
      {"screen.matched", {"該当", "matched"}},
      {"screen.source", {"出典", "source"}},
      {"screen.missing", {"未回答の質問", "unanswered questions"}},
      {"screen.severity.contraindicated", {"禁忌", "CONTRAINDICATED"}},
      {"screen.severity.physician_review", {"医師の確認", "PHYSICIAN REVIEW"}},
      {"screen.severity.caution", {"注意", "CAUTION"}},
      {"screen.severity.info", {"情報", "INFO"}},
      {"err.expected_kana",
       {"ひらがな・カタカナで入力してください（入力: {0}）",
        "expected hiragana or katakana, got {0}"}},
      {"err.date_in_future",
       {"未来の日付は使えません（入力: {0}）", "a date in the future is not possible here: {0}"}},
      {"err.expected_phone",
       {"電話番号は数字・+・-・括弧で入力してください（入力: {0}）",
        "a phone number has digits, +, - and brackets only, got {0}"}},
      {"err.expected_email",
       {"メールアドレスの形式ではありません（入力: {0}）", "not an e-mail address: {0}"}},
      {"err.patient_number_taken", {"患者番号 {0} は使用済みです", "patient number {0} is taken"}},
      {"err.note_required", {"所見（メモ）を入力してください", "a note is required"}},
      {"err.already_signed",
       {"このスクリーニングは署名済みです", "this screening is already signed off"}},
      {"cli.screening_head", {"スクリーニング {0}（{1}、{2}）", "screening {0} ({1}, by {2})"}},
      {"cli.signed_off", {"医師の署名: {0}（{1}）所見: {2}", "signed off by {0} at {1}: {2}"}},
      {"cli.not_signed_off", {"医師の署名はまだありません", "not signed off yet"}},
      {"err.date_in_past",
       {"過去の日付は使えません（入力: {0}）", "a date in the past is not possible here: {0}"}},
      // Plan checks.
      {"plan.lot_not_released",
       {"ロットは経路 {0} で出荷されていません（状態: {1}）",
        "the lot is not released for {0} (state: {1})"}},
      {"plan.lot_expiry_unknown",
       {"ロットの有効期限が不明です", "the lot's expiry date is unknown"}},
      {"plan.lot_expires",
       {"ロットの有効期限 {0} が最終回 {1} より前です",
        "the lot expires on {0}, before the last session on {1}"}},
      {"plan.dose_volume_unknown",
       {"ロットの粒子濃度が不明なため、投与量（mL）を計算できません",
        "the lot's particle concentration is unknown, so the dose volume cannot be computed"}},
      {"plan.stock_short",
       {"総投与量 {0} 粒子が在庫 {1} 粒子（{2} バイアル）を超えます",
        "the total dose of {0} particles exceeds the stock of {1} particles ({2} vials)"}},
      {"plan.iv_weight_missing",
       {"点滴には患者の体重が必要です（エンドトキシン確認）",
        "IV needs the patient's weight (endotoxin check)"}},
      {"plan.iv_endotoxin_unknown",
       {"ロットのエンドトキシン値が不明なため点滴できません",
        "the lot's endotoxin is not disclosed, so it cannot be given IV"}},
      {"plan.iv_endotoxin_over_k",
       {"1 回量のエンドトキシン {0} EU/kg/時が上限 {1} を超えます",
        "the dose carries {0} EU/kg/h of endotoxin, above the limit of {1}"}},
      {"plan.screening_missing", {"スクリーニングがありません", "no screening has been recorded"}},
      {"plan.screening_not_signed_off",
       {"最新のスクリーニングに医師の署名がありません", "the latest screening is not signed off"}},
      {"plan.contraindicated_unsigned",
       {"経路 {0} の禁忌フラグに医師の署名がありません",
        "a contraindication for {0} is not signed off by a physician"}},
      {"err.plan_has_errors",
       {"計画にエラーがあるため有効化できません: {0}",
        "the plan has errors and cannot be activated: {0}"}},
      {"err.plan_not_draft", {"この計画は {0} です", "this plan is {0}"}},
      {"plan.ical_summary",
       {"エクソソーム施術 {0}/{1} 回目（{2}）", "Exosome treatment, session {0} of {1} ({2})"}},
      {"plan.ical_description",
       {"予定はクリニックの判断で変わることがあります。",
        "The clinic may change this appointment."}},
      {"cli.plan_head",
       {"計画 {0}（{1}）: {2}、{3} 回、{4} 日間隔",
        "plan {0} ({1}): {2}, {3} sessions every {4} days"}},
      {"cli.plan_cost",
       {"  費用: {0} + 消費税 {1} = {2} {3}", "  cost: {0} + consumption tax {1} = {2} {3}"}},
      {"err.bad_png", {"署名画像は PNG である必要があります", "the signature image must be a PNG"}},
      // Lots.
      {"err.lot_final_state",
       {"ロットは {0} のため変更できません", "the lot is {0}; that state is final"}},
      {"err.lot_bad_transition",
       {"ロットを {0} から {1} に変更することはできません", "a lot cannot go from {0} to {1}"}},
      {"err.lot_not_releasable",
       {"経路 {0} では出荷判定が不可です（{1}）。理由を添えたオーバーライドが必要です",
        "the lot is not releasable for {0} ({1}); an override reason is required"}},
      {"err.lot_never_releasable",
       {"経路 {0} ではオーバーライドできない基準で不可です（{1}）",
        "the lot can never be released for {0}: {1} cannot be overridden"}},
      {"err.lot_duplicate",
       {"同じ製造元・ロット番号のロットが既にあります（ID {0}）",
        "a lot with this manufacturer and lot number already exists (id {0})"}},
      {"err.reason_required", {"理由を入力してください", "a reason is required"}},
      {"err.routes_required", {"経路を 1 つ以上指定してください", "name at least one route"}},
      {"err.lot_number_required",
       {"ロット番号のない証明書は登録できません",
        "a certificate without a lot number cannot be registered"}},
  };
  return *catalog;
}

}  // namespace

std::optional<Lang> ParseLang(std::string_view name) {
  if (name == "ja") return Lang::kJa;
  if (name == "en") return Lang::kEn;
  return std::nullopt;
}

std::string_view LangName(Lang lang) { return lang == Lang::kJa ? "ja" : "en"; }

std::string FormatMessage(std::string_view pattern, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      const size_t k = static_cast<size_t>(pattern[i + 1] - '0');
      if (k < args.size()) out += args[k];
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

bool HasMessage(std::string_view id) { return Catalog().count(id) > 0; }

std::string Message(std::string_view id, Lang lang, const std::vector<std::string>& args) {
  const auto& catalog = Catalog();
  const auto it = catalog.find(id);
  if (it == catalog.end()) return std::string(id);
  return FormatMessage(lang == Lang::kJa ? it->second.ja : it->second.en, args);
}

std::string RenderFieldError(const FieldError& error, Lang lang) {
  return error.field + ": " + Message(error.message_id, lang, error.args);
}

std::string RenderError(const Error& error, Lang lang) {
  if (error.fields.empty()) return Message(error.message_id, lang, error.args);
  std::string out;
  for (const auto& f : error.fields) {
    if (!out.empty()) out += '\n';
    out += RenderFieldError(f, lang);
  }
  return out;
}

}  // namespace exo
