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
