/**
 * The environment falpub gives to the `fal` child. Facts from fal 1.83.0 and rich 14:
 * - argcomplete runs when _ARGCOMPLETE, COMP_LINE and COMP_POINT are all set; fal then
 *   exits 1 with no output (cli/parser.py FalParser.parse_args; seen in a real run).
 * - rich treats stdout as a terminal when FORCE_COLOR is non-empty or TTY_COMPATIBLE=1
 *   (rich/console.py is_terminal): ANSI codes, terminal wrapping, and the PyPI update
 *   check in cli/main.py (_check_latest_version runs only on a terminal).
 * - rich honours NO_COLOR; TTY_INTERACTIVE=1 forces interactive mode.
 * - Python block-buffers a piped stdout: PYTHONUNBUFFERED=1 makes output stream live.
 */
const DROP_EXACT = new Set([
  "COMP_LINE",
  "COMP_POINT",
  "COMP_TYPE",
  "COMP_KEY",
  "COMP_WORDBREAKS",
  "FORCE_COLOR",
  "CLICOLOR_FORCE",
  "TTY_COMPATIBLE",
  "TTY_INTERACTIVE",
  // Would drop Python into an interactive prompt after the script.
  "PYTHONINSPECT",
]);

export function childEnv(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(parent)) {
    if (v === undefined || DROP_EXACT.has(k) || k.startsWith("_ARGCOMPLETE")) continue;
    env[k] = v;
  }
  env.NO_COLOR = "1";
  env.TERM = "dumb";
  env.PYTHONUNBUFFERED = "1";
  // Stable output bytes (✘/✓ rather than locale-dependent ASCII fallbacks).
  env.PYTHONIOENCODING = "utf-8";
  // fal never opens a browser (login links) from a falpub run.
  env.FAL_DONT_OPEN_LINKS = "1";
  return env;
}

/** fal's key shape: `<key_id>:<key_secret>` (auth/__init__.py splits on the first ":"). */
export function validateFalKey(value: string): { ok: true } | { ok: false; reason: string } {
  const i = value.indexOf(":");
  if (i < 0) return { ok: false, reason: "FAL_KEY must look like <key_id>:<key_secret> (no ':' found)" };
  if (i === 0) return { ok: false, reason: "FAL_KEY has an empty key id before ':'" };
  if (i === value.length - 1) return { ok: false, reason: "FAL_KEY has an empty key secret after ':'" };
  if (/\s/.test(value)) return { ok: false, reason: "FAL_KEY contains whitespace" };
  return { ok: true };
}

const SECRET_NAME = /^FAL_KEY$|(_KEY|_SECRET|TOKEN|PASSWORD)$/i;

/** The values to redact from anything falpub echoes. */
export function secretsIn(env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(env)) {
    if (!v || !SECRET_NAME.test(k)) continue;
    out.add(v);
    // The secret half of an id:secret key on its own, too.
    const i = v.indexOf(":");
    if (i > 0 && i < v.length - 1) out.add(v.slice(i + 1));
  }
  return [...out];
}

function truthy(v: string | undefined): boolean {
  // fal's bool_envvar (flags.py).
  if (v === undefined) return false;
  const t = v.toLowerCase().trim();
  return t !== "0" && t !== "false" && t !== "";
}

/**
 * fal asserts at import time that FAL_HOST starts with "api" unless FAL_GRPC_HOST or
 * ISOLATE_TEST_MODE is set (flags.py): every fal command then dies with a traceback.
 */
export function falHostProblem(env: NodeJS.ProcessEnv): string | undefined {
  const host = env.FAL_HOST;
  if (!host || env.FAL_GRPC_HOST || truthy(env.ISOLATE_TEST_MODE)) return undefined;
  if (host.startsWith("api")) return undefined;
  return `FAL_HOST=${host} does not start with "api"; fal refuses it (use FAL_GRPC_HOST to point at another host)`;
}
