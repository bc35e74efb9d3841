// An argv-keyed fake of how fal is started (np's test/_helpers/stub-execa.js is the model):
// each route maps an argv prefix to an output recorded from the real fal 1.83.0
// (test/fixtures/fal-1.83.0/<case>/{stdout,stderr,exit_code}) or written by the test. The
// real FalClient (src/fal/client.ts) runs on top, so redaction, version reading, outcome
// parsing and the platform check are the code users run. An argv no route matches fails the test.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FalProcesses } from "../../src/fal/client.js";
import type { CapturedRun } from "../../src/fal/run.js";
import { FIXTURES } from "./fal-env.js";

/** What one fal run printed and how it ended. */
export interface Recording {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** The run hit falpub's timeout (it was killed). */
  timedOut?: boolean;
  /** SIGINT/SIGTERM was forwarded to it. */
  interrupted?: boolean;
}

/** A case recorded from the real fal (test/support/record-fal-outputs.sh). */
export function recorded(name: string): Recording {
  const dir = path.join(FIXTURES, name);
  if (!existsSync(dir)) throw new Error(`no recorded fal output ${name}`);
  const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), "utf8") : "");
  return { stdout: read("stdout"), stderr: read("stderr"), exitCode: Number(read("exit_code").trim() || 0) };
}

/** `fal --version` printing `version`. */
export const versionPrinting = (version: string): Recording => ({ stdout: `${version}\n`, stderr: "", exitCode: 0 });

export interface ReplayCall {
  falPath: string;
  argv: string[];
  cwd?: string;
  timeoutMs: number;
  /** Set when a streamed run has ended (all its lines were delivered). */
  ended?: boolean;
}

export type Route = [prefix: string[], recording: Recording];

const lines = (text: string) => {
  const out = text.split("\n").map((l) => l.replace(/\r$/, ""));
  if (out.at(-1) === "") out.pop();
  return out;
};

/** The first route whose argv prefix matches wins; `calls` lists every run in order. */
export function replayFal(routes: Route[]): FalProcesses & { calls: ReplayCall[] } {
  const calls: ReplayCall[] = [];
  const find = (argv: string[]): Recording => {
    const route = routes.find(([prefix]) => prefix.every((word, i) => argv[i] === word));
    if (!route) throw new Error(`replay-fal: no recording for fal ${argv.join(" ")}`);
    return route[1];
  };
  return {
    calls,
    async capture(falPath, argv, opts): Promise<CapturedRun> {
      calls.push({ falPath, argv, cwd: opts.cwd, timeoutMs: opts.timeoutMs });
      const r = find(argv);
      // execa strips the final newline of captured output.
      return { exitCode: r.exitCode, stdout: r.stdout.replace(/\n$/, ""), stderr: r.stderr.replace(/\n$/, ""), timedOut: Boolean(r.timedOut), why: r.exitCode === null ? "spawn fal ENOENT" : "" };
    },
    async stream(falPath, argv, io) {
      const call: ReplayCall = { falPath, argv, cwd: io.cwd, timeoutMs: io.timeoutMs };
      calls.push(call);
      const r = find(argv);
      io.onSpawn?.(); // as streamFal, right after starting the process (before any output)
      const out = lines(r.stdout);
      const err = lines(r.stderr);
      for (const l of out) io.onStdout?.(l);
      for (const l of err) io.onStderr?.(l);
      call.ended = true;
      return { exitCode: r.exitCode, stdout: out.join("\n"), stderr: err.join("\n"), timedOut: Boolean(r.timedOut), interrupted: Boolean(r.interrupted), timeoutMs: io.timeoutMs };
    },
  };
}
