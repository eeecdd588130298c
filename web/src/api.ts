// The JSON API of the same server: cookie session, CSRF header on POST, errors as thrown
// ApiError with the server's (already translated) message.
import { lang, t } from "./i18n";

// `id` is the message's catalogue key ("err.session_interval"): a form can tell refusals apart.
export interface FieldError {
  field: string;
  message: string;
  id?: string;
}

// `message` names each refused field by its id (a certificate's JSON pointer, a rule key);
// forms call describe() to name it by the label the person sees instead.
export class ApiError extends Error {
  // `id`: the refusal's catalogue key ("err.active_plan_exists").
  constructor(
    public status: number,
    public summary: string,
    public fields: FieldError[] = [],
    public id = "",
  ) {
    super([summary, fields.map((f) => `${f.field}: ${f.message}`).join("; ")].filter((x) => x).join(" — "));
  }

  describe(labelOf: (field: string) => string | undefined): string {
    const detail = this.fields.map((f) => `${labelOf(f.field) ?? f.field}: ${f.message}`).join("; ");
    return [this.summary, detail].filter((x) => x).join(" — ");
  }
}

let csrf = "";
export function setCsrf(token: string): void {
  csrf = token;
}

// `raw`: send this text as the body unchanged (e.g. a certificate file, so the server's errors
// point into the file as written).
export async function api<T>(method: "GET" | "POST", path: string, body?: unknown, raw?: string): Promise<T> {
  const headers: Record<string, string> = { "Accept-Language": lang() };
  if (method === "POST") {
    headers["Content-Type"] = "application/json";
    if (csrf) headers["X-CSRF-Token"] = csrf;
  }
  const sep = path.includes("?") ? "&" : "?";
  // No answer at all (the server down, the network gone): a refusal in the page's words.
  const res = await fetch(`${path}${sep}lang=${lang()}`, {
    method,
    headers,
    credentials: "same-origin",
    body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new ApiError(0, t("err.network"));
  });
  // The server's refusal: {"error": {"message", "fields", "id"}} (docs/api.md).
  const data = (await res.json().catch(() => ({}))) as {
    error?: { message?: string; fields?: FieldError[]; id?: string };
  };
  if (!res.ok) {
    throw new ApiError(
      res.status,
      data?.error?.message ?? `HTTP ${res.status}`,
      data?.error?.fields ?? [],
      data?.error?.id ?? "",
    );
  }
  return data as T;
}
