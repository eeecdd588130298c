// Japanese and English texts of the web application. The language defaults to the browser's
// and is kept in localStorage when switched.
export type Lang = "ja" | "en";

const texts = {
  "app.name": { ja: "exoclinic", en: "exoclinic" },
  "nav.dashboard": { ja: "ダッシュボード", en: "Dashboard" },
  "nav.about": { ja: "エクソソームとは", en: "What are exosomes?" },
  "nav.login": { ja: "ログイン", en: "Log in" },
  "nav.logout": { ja: "ログアウト", en: "Log out" },
  "nav.lang": { ja: "English", en: "日本語" },
  "login.title": { ja: "スタッフログイン", en: "Staff log-in" },
  "login.username": { ja: "ユーザー名", en: "User name" },
  "login.password": { ja: "パスワード", en: "Password" },
  "login.submit": { ja: "ログイン", en: "Log in" },
  "login.failed": { ja: "ログインできませんでした", en: "Log-in failed" },
  "dash.title": { ja: "ダッシュボード", en: "Dashboard" },
  "dash.signed_in": { ja: "ログイン中: {0}（{1}）", en: "Signed in as {0} ({1})" },
  "dash.alerts": { ja: "有害事象・質問票アラート", en: "Adverse-event and questionnaire alerts" },
  "dash.no_alerts": { ja: "アラートはありません", en: "No alerts" },
  "dash.followups": { ja: "期限の来たフォローアップ", en: "Follow-ups due" },
  "dash.no_followups": { ja: "期限の来たフォローアップはありません", en: "No follow-ups due" },
  "dash.lots": { ja: "隔離中・30日以内に期限切れのロット", en: "Lots quarantined or expiring within 30 days" },
  "dash.no_lots": { ja: "該当するロットはありません", en: "None" },
  "dash.signals": { ja: "ロットの安全性シグナル", en: "Lot safety signals" },
  "dash.no_signals": { ja: "要確認のロットはありません", en: "No lot flagged for review" },
  "dash.not_allowed": { ja: "この役割では表示されません", en: "Not shown for your role" },
  "dash.patient": { ja: "患者 {0}", en: "patient {0}" },
  "dash.serious": { ja: "重篤", en: "serious" },
  "dash.grade": { ja: "グレード {0}", en: "grade {0}" },
  "dash.item9": { ja: "PHQ-9 項目9：当日中に確認", en: "PHQ-9 item 9: follow up today" },
  "dash.expires": { ja: "期限 {0}", en: "expires {0}" },
  "dash.flagged": { ja: "{0}: {1}/{2} 件（p = {3}）", en: "{0}: {1}/{2} events (p = {3})" },
  "about.title": { ja: "エクソソーム（細胞外小胞）治療とは", en: "What are exosome (extracellular vesicle) treatments?" },
  "about.p1": {
    ja: "エクソソームは細胞が放出する小さな袋（細胞外小胞）です。クリニックで使われる製剤は、臍帯・脂肪・歯髄などの幹細胞を培養した上清から取り出したものです。",
    en: "Exosomes are tiny sacs (extracellular vesicles) that cells release. Clinic products are taken from the culture medium of stem cells from umbilical cord, fat or dental pulp, among others.",
  },
  "about.known": { ja: "わかっていること", en: "What is known" },
  "about.known1": {
    ja: "日本でも米国でも、美容・再生目的のエクソソーム製剤で承認されたものはありません。多くは自由診療です。",
    en: "No exosome product for aesthetic or regenerative use is approved in Japan or the US. Most treatment is self-pay.",
  },
  "about.known2": {
    ja: "効果の研究は小規模なものが多く、人による差が大きく、数週間から数か月かけて現れるとされます。",
    en: "Studies of effects are mostly small; results differ widely between people and, where seen, appear over weeks to months.",
  },
  "about.unknown": { ja: "わかっていないこと", en: "What is not known" },
  "about.unknown1": {
    ja: "どの製剤・量・頻度・経路が誰に合うのか、長期の安全性はどうか。",
    en: "Which product, dose, frequency and route suits whom, and the long-term safety.",
  },
  "about.stemcell": { ja: "幹細胞治療との違い", en: "How it differs from stem-cell therapy" },
  "about.stemcell1": {
    ja: "細胞そのものではなく、細胞が出した小胞を使います。生きた細胞を投与しないため規制の枠組みも異なります。",
    en: "It uses vesicles the cells released, not the cells themselves; no living cells are given, so the rules that apply differ.",
  },
  "about.decide": { ja: "判断するのは医師です", en: "A physician decides" },
  "about.decide1": {
    ja: "持病、服薬、妊娠の可能性、アレルギーなどによって受けられない場合があります。製剤の品質（由来、無菌試験、エンドトキシン、濃度）と、効果の限界・他の選択肢について説明を受けてください。",
    en: "Conditions, medicines, possible pregnancy or allergies may rule a treatment out. Ask for the product's quality (origin, sterility, endotoxin, concentration) and for the limits of the expected benefit and the alternatives.",
  },
  "nav.lots": { ja: "ロット", en: "Lots" },
  "nav.patients": { ja: "患者", en: "Patients" },
  "nav.checklist": { ja: "クリニック選びのチェックリスト", en: "Clinic checklist" },
  "nav.selfcheck": { ja: "セルフチェック", en: "Self-check" },
  "lots.title": { ja: "ロット台帳", en: "Lot register" },
  "lots.lot": { ja: "ロット", en: "Lot" },
  "lots.number": { ja: "ロット番号", en: "Lot number" },
  "lots.product": { ja: "製品", en: "Product" },
  "lots.state": { ja: "状態", en: "State" },
  "lots.expires": { ja: "有効期限", en: "Expires" },
  "lots.stock": { ja: "在庫（バイアル）", en: "Stock (vials)" },
  "lots.verdict": { ja: "投与経路ごとの判定", en: "Verdict per route" },
  "lots.releasable": { ja: "出荷可", en: "releasable" },
  "lots.not_releasable": { ja: "出荷不可", en: "not releasable" },
  "lots.criterion": { ja: "基準", en: "Criterion" },
  "lots.status": { ja: "結果", en: "Result" },
  "lots.detail": { ja: "詳細", en: "Detail" },
  "lots.source": { ja: "根拠", en: "Source" },
  "lots.qc": { ja: "品質試験成績書（CoA）の評価", en: "Certificate of analysis: QC report" },
  "lots.qc_caption": { ja: "すべての基準と根拠", en: "Every criterion with its source" },
  "lots.release": { ja: "出荷（使用可）にする", en: "Release" },
  "lots.routes": { ja: "使用を許可する投与経路", en: "Routes to release for" },
  "lots.override_reason": { ja: "判定を上書きする理由（必要な場合）", en: "Reason to override the verdict (if needed)" },
  "lots.released": { ja: "出荷しました", en: "Released" },
  "lots.recall": { ja: "回収する", en: "Recall" },
  "lots.recall_reason": { ja: "回収の理由", en: "Reason for the recall" },
  "lots.recalled": { ja: "回収しました。影響を受ける施術: {0} 件", en: "Recalled. Sessions affected: {0}" },
  "lots.patient": { ja: "患者", en: "Patient" },
  "lots.phone": { ja: "電話", en: "Phone" },
  "lots.session": { ja: "施術日", en: "Session" },
  "lots.export_csv": { ja: "CSV で出力", en: "Export as CSV" },
  "lots.history": { ja: "履歴", en: "History" },
  "route.iv": { ja: "点滴（静注）", en: "IV drip" },
  "route.injection": { ja: "局所注射", en: "Injection" },
  "route.microneedle": { ja: "マイクロニードル・機器導入", en: "Microneedle / device" },
  "route.topical": { ja: "外用・頭皮", en: "Topical / scalp" },
  "patients.title": { ja: "患者", en: "Patients" },
  "patients.search": { ja: "漢字・カナ・患者番号で検索", en: "Search by kanji, kana or patient number" },
  "patients.search_button": { ja: "検索", en: "Search" },
  "patients.number": { ja: "患者番号", en: "Patient no." },
  "patients.name": { ja: "氏名（漢字）", en: "Name (kanji)" },
  "patients.kana": { ja: "氏名（カナ）", en: "Name (kana)" },
  "patients.age": { ja: "年齢", en: "Age" },
  "patients.birth_date": { ja: "生年月日", en: "Date of birth" },
  "patients.sex": { ja: "性別", en: "Sex" },
  "patients.phone": { ja: "電話番号", en: "Phone" },
  "patients.register": { ja: "患者を登録", en: "Register a patient" },
  "patients.outcome_report": { ja: "経過レポート（PDF）", en: "Outcome report (PDF)" },
  "patients.charts": { ja: "測定値の推移", en: "Measures over time" },
  "patients.no_measurements": { ja: "測定はまだありません", en: "No measurements yet" },
  "patients.chart_alt": { ja: "{0} の推移（施術日の印つき）", en: "{0} over time, session dates marked" },
  "patients.timeline": { ja: "経過", en: "Timeline" },
  "patients.when": { ja: "日付", en: "When" },
  "patients.what": { ja: "種類", en: "What" },
  "patients.summary": { ja: "内容", en: "Summary" },
  "sex.female": { ja: "女性", en: "female" },
  "sex.male": { ja: "男性", en: "male" },
  "sex.other": { ja: "その他", en: "other" },
  "sex.unknown": { ja: "不明", en: "unknown" },
  "check.title": { ja: "クリニックを選ぶときの5つの確認点", en: "Five points to check before choosing a clinic" },
  "check.intro": { ja: "説明を受けるときに次の点を質問し、答えに印をつけてください。印刷して持参できます。", en: "Ask about each point when you are given an explanation and tick what was answered. You can print this page and take it with you." },
  "check.p1": { ja: "製剤の由来とロット管理", en: "Product origin and lot control" },
  "check.q1": { ja: "どの細胞（臍帯・脂肪・歯髄など）から、どこで作られましたか。ロット番号を記録し、問題があれば連絡してもらえますか。", en: "From which cells (umbilical cord, fat, dental pulp ...) and where was it made? Is the lot number recorded, and will they contact you if a lot is recalled?" },
  "check.p2": { ja: "製造時の品質試験（無菌・エンドトキシンなど）", en: "Manufacturing quality tests (sterility, endotoxin ...)" },
  "check.q2": { ja: "このロットの試験成績書（無菌試験、エンドトキシン、マイコプラズマ）を見せてもらえますか。", en: "Can you see this lot's certificate of analysis (sterility, endotoxin, mycoplasma)?" },
  "check.p3": { ja: "濃度と純度の開示", en: "Concentration and purity disclosed" },
  "check.q3": { ja: "粒子数、タンパク質量、測定方法は書かれていますか。", en: "Are particle count, protein content and the methods used stated?" },
  "check.p4": { ja: "効果の限界と他の選択肢の説明", en: "Benefits, limits and alternatives explained" },
  "check.q4": { ja: "承認されていない治療であること、効果に個人差があること、他の方法について説明がありましたか。", en: "Were you told that the treatment is not approved, that results vary between people, and what the alternatives are?" },
  "check.p5": { ja: "経過観察と有害事象への対応", en: "Follow-up and handling of adverse events" },
  "check.q5": { ja: "施術後の連絡先、経過の記録、副作用が出たときの対応は決まっていますか。", en: "Is there a contact after treatment, a record of your progress, and a plan if side effects occur?" },
  "check.print": { ja: "印刷する", en: "Print" },
  "self.title": { ja: "セルフチェック（診断ではありません）", en: "Self-check (not a diagnosis)" },
  "self.intro": { ja: "当てはまるものに印をつけると、医師と話し合うべき点を表示します。受けられるかどうかは判定しません。", en: "Tick what applies to you to see the points to discuss with a physician. It does not tell you whether you can be treated." },
  "self.legend": { ja: "当てはまるもの", en: "What applies to you" },
  "self.pregnant": { ja: "妊娠中、または妊娠の可能性がある", en: "pregnant, or could be pregnant" },
  "self.cancer": { ja: "がんの治療中、または治療歴がある", en: "being treated, or treated before, for cancer" },
  "self.anticoagulant": { ja: "血液をさらさらにする薬を飲んでいる", en: "taking a blood thinner" },
  "self.autoimmune": { ja: "自己免疫疾患がある", en: "an autoimmune disease" },
  "self.allergy": { ja: "血液製剤（アルブミンなど）へのアレルギーがある", en: "allergic to blood products such as albumin" },
  "self.submit": { ja: "話し合う点を見る", en: "Show the points to discuss" },
  "self.result": { ja: "医師と話し合う点", en: "Points to discuss with a physician" },
  "self.none": { ja: "この質問からは特に話し合う点は見つかりませんでした。", en: "These questions raised no particular point." },
  "self.never": { ja: "これは診断ではありません。受けられるかどうか、どの方法が合うかは医師が診察して判断します。", en: "This is not a diagnosis. Whether a treatment is possible, and which, is decided by a physician who examines you." },
  "err.title": { ja: "エラー", en: "Error" },
  "err.network": { ja: "サーバーに接続できません", en: "Cannot reach the server" },
};

export type Key = keyof typeof texts;

export function initialLang(): Lang {
  const saved = localStorage.getItem("exoclinic.lang");
  if (saved === "ja" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("ja") ? "ja" : "en";
}

let current: Lang = "ja";
export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem("exoclinic.lang", lang);
  document.documentElement.lang = lang;
}
export function lang(): Lang {
  return current;
}

export function t(key: Key, ...args: (string | number)[]): string {
  let s: string = texts[key][current];
  args.forEach((a, i) => (s = s.replace(`{${i}}`, String(a))));
  return s;
}

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? iso + "T00:00:00" : iso);
  return new Intl.DateTimeFormat(current === "ja" ? "ja-JP" : "en-GB", { dateStyle: "medium" }).format(d);
}
