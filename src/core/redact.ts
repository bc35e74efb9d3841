/**
 * THE redaction: what falpub echoes (fal's output, argv, findings, JSON) never carries a key.
 * fal keys are `<key_id>:<key_secret>` (fal/auth splits on the first ":"). Real ids are UUIDs and
 * secrets 32 hex chars; match that shape loosely, but never `file.py::Class` (double colon) or
 * `host:port` (secret too short).
 */
const KEY_SHAPED = /(?<![\w:-])[A-Za-z0-9][A-Za-z0-9_-]{7,}:[A-Za-z0-9_-]{16,}(?![\w:])/g;

export const REDACTED = "***";

/** Replace every given secret value (≥ 4 characters), and anything shaped like a fal key, by ***. */
export function redact(text: string, secrets: readonly string[] = []): string {
  // Longest first, so a key is not half-replaced by its own secret part.
  const values = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of values) out = out.split(s).join(REDACTED);
  return out.replace(KEY_SHAPED, REDACTED);
}

/** Every string inside a JSON-like value, redacted (for a finding's args). */
export function redactDeep<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === "string") return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T;
  }
  return value;
}
