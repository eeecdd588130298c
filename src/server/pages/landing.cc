#include "server/pages/landing.h"

namespace exo::server {

const char* LandingPage() {
  return R"html(<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>exoclinic</title><link rel="icon" href="data:,"></head>
<body>
<main>
<h1>exoclinic</h1>
<p lang="ja">エクソソーム（細胞外小胞）治療を行うクリニックのための記録・品質管理システムです。効果を約束するものではありません。使用の判断は医師が行います。</p>
<p lang="en">Records and quality control for clinics offering exosome (extracellular vesicle) treatments. It never promises an effect; the physician decides.</p>
<ul>
<li><a href="/api/v1/lots">/api/v1/lots</a> — ロット一覧 / lot register (JSON)</li>
<li><a href="/api/v1/qc/criteria">/api/v1/qc/criteria</a> — 品質基準 / QC criteria (JSON)</li>
<li><a href="/api/v1/health">/api/v1/health</a></li>
</ul>
</main>
</body></html>
)html";
}

}  // namespace exo::server
