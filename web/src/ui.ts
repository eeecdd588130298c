// DOM helpers shared by the pages: element builder, page frame, status chips.
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

export function page(title: string, ...content: Node[]): void {
  const main = document.getElementById("main") as HTMLElement;
  document.title = `${title} — exoclinic`;
  main.replaceChildren(el("h1", {}, title), ...content);
  main.focus();
}

export function chip(text: string, tone: "ok" | "warn" | "bad" | ""): HTMLElement {
  return el("span", { class: `chip ${tone}` }, text);
}

export function table(headers: string[], rows: (Node | string)[][], caption = ""): HTMLElement {
  const t = el("table");
  if (caption) t.append(el("caption", { class: "muted" }, caption));
  t.append(el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))));
  t.append(el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c))))));
  // A scrolling region on narrow screens: focusable so keyboard users can scroll it.
  return el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption || headers.join(", ") }, t);
}
