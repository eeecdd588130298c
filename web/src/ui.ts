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
  // Each cell carries its column's name: below 600 px the rows become cards that show it.
  t.append(
    el(
      "tbody",
      {},
      ...rows.map((r) => el("tr", {}, ...r.map((c, i) => el("td", { "data-label": headers[i] ?? "" }, c)))),
    ),
  );
  // A scrolling region on narrow screens: focusable so keyboard users can scroll it.
  return el(
    "div",
    { class: "scroll", tabindex: "0", role: "region", "aria-label": caption || headers.join(", ") },
    t,
  );
}

// A tab's content is built when the tab is first opened: a patient page shows its overview and
// one section at once, not every form and chart of the record (#15, interactive in < 500 ms).
export interface Tab {
  id: string;
  label: string;
  content: () => Node[];
}

// Tabs (WAI-ARIA tab pattern): one tab in the Tab order, the arrow keys, Home and End move
// between tabs; `onSelect` keeps the choice (e.g. in the address) so a reload opens the same tab.
export function tabs(
  name: string,
  items: Tab[],
  selected: string,
  onSelect: (id: string) => void,
): HTMLElement {
  const list = el("div", { role: "tablist", "aria-label": name, class: "tabs" });
  const panels = items.map((x) =>
    el("section", {
      role: "tabpanel",
      id: `panel-${x.id}`,
      "aria-labelledby": `tab-${x.id}`,
      tabindex: "0",
      class: "panel",
    }),
  );
  const built = items.map(() => false);
  const buttons = items.map((x) =>
    el(
      "button",
      { type: "button", role: "tab", id: `tab-${x.id}`, "aria-controls": `panel-${x.id}` },
      x.label,
    ),
  );
  const select = (i: number, focus: boolean) => {
    buttons.forEach((b, j) => {
      b.setAttribute("aria-selected", String(i === j));
      b.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
    if (!built[i]) {
      built[i] = true;
      panels[i].append(...items[i].content());
    }
    if (focus) buttons[i].focus();
    onSelect(items[i].id);
  };
  buttons.forEach((b, i) => {
    b.addEventListener("click", () => select(i, false));
    b.addEventListener("keydown", (ev) => {
      const n = buttons.length;
      const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i + n - 1) % n, Home: 0, End: n - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      select(to, true);
    });
  });
  list.append(...buttons);
  select(
    Math.max(
      0,
      items.findIndex((x) => x.id === selected),
    ),
    false,
  );
  return el("div", { class: "tabset" }, list, ...panels);
}

// An action a person starts on purpose ("新しい計画"): a button that opens its form, shown only
// when the action is allowed; otherwise the reason it is not (`blocked`, the server's words).
export function action(
  id: string,
  text: string,
  blocked: string | null,
  open: () => HTMLElement,
): HTMLElement {
  if (blocked !== null) return el("p", { class: "blocked", "data-action": id, role: "note" }, blocked);
  const button = el(
    "button",
    { type: "button", class: "action", "data-action": id, "aria-expanded": "false" },
    text,
  );
  const box = el("div", { class: "action-box" }, el("p", {}, button));
  let form: HTMLElement | null = null;
  button.addEventListener("click", () => {
    if (!form) {
      form = open();
      box.append(form);
    }
    const show = form.hidden || button.getAttribute("aria-expanded") === "false";
    form.hidden = !show;
    button.setAttribute("aria-expanded", String(show));
    if (show) form.querySelector<HTMLElement>("input, select, textarea, button")?.focus();
  });
  return box;
}

// Shows an error as the page shows a refusal, the message in red (class "error"): in `message`
// when given (a form's status line), else in an alert right after `at` (or at the top of the page
// when there is no `at` or it is gone by then).
function showFailure(e: unknown, at: Element | null, message?: HTMLElement): void {
  const text = e instanceof Error ? e.message : String(e);
  if (message) {
    message.className = "error";
    message.textContent = text;
    return;
  }
  const next = at?.nextElementSibling;
  if (at?.isConnected && next?.classList.contains("handler-error")) {
    next.textContent = text;
    return;
  }
  const alert = el("p", { class: "error handler-error", role: "alert" }, text);
  if (at?.isConnected) at.after(alert);
  else document.getElementById("main")?.prepend(alert);
}

// An async event handler (a submit, a click) for addEventListener, whose promise is never left
// unhandled: an error the handler does not catch itself is shown (showFailure) in `message` when
// given, else right after the element the handler listens on.
export function whenDone<E extends Event>(
  run: (ev: E) => Promise<void>,
  message?: HTMLElement,
): (ev: E) => void {
  return (ev) => {
    const at = ev.currentTarget instanceof Element ? ev.currentTarget : null; // null after dispatch
    run(ev).catch((e: unknown) => showFailure(e, at, message));
  };
}

// Work started outside an event handler's own promise (a page read again after an action): its
// failure is shown at the top of the page instead of being left unhandled.
export function settle(work: Promise<void>): void {
  work.catch((e: unknown) => showFailure(e, null));
}
