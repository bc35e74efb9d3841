#!/usr/bin/env node
// A fake `fal` for tests.
// - Appends one JSON line {argv, cwd, env} to $FAKE_FAL_RECORD (if set) on every call.
// - `--version` prints $FAKE_FAL_VERSION (default 1.83.0); FAKE_FAL_VERSION=crash exits 1
//   with a traceback-like stderr.
// - Otherwise replays $FAKE_FAL_REPLAY: a directory with stdout, stderr, exit_code (as
//   recorded from the real CLI), a JSON file {stdout, stderr, exitCode}, or "hang"
//   (sleeps forever; SIGINT prints fal's "✘ Aborted." and exits 1 like the real CLI;
//   "hang-stubborn" also ignores SIGINT and SIGTERM, to test the SIGKILL fallback).
// - `apps ...` replays $FAKE_FAL_REPLAY_APPS_LIST instead when that is set (same forms).
// - $FAKE_FAL_DELAY_MS: `deploy` waits this long before replaying (a build takes a while;
//   long enough for a spinner to show its elapsed time); $FAKE_FAL_APPS_DELAY_MS: `apps …`.
import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const argv = process.argv.slice(2);
if (process.env.FAKE_FAL_RECORD) {
  appendFileSync(process.env.FAKE_FAL_RECORD, JSON.stringify({ argv, cwd: process.cwd(), env: process.env }) + "\n");
}

if (argv[0] === "--version") {
  const v = process.env.FAKE_FAL_VERSION ?? "1.83.0";
  if (v === "crash") {
    process.stderr.write("Traceback (most recent call last):\nAssertionError: FAL_HOST must start with 'api' (use FAL_GRPC_HOST to override)\n");
    process.exit(1);
  }
  process.stdout.write(v + "\n");
  process.exit(0);
}

const replay = (argv[0] === "apps" && process.env.FAKE_FAL_REPLAY_APPS_LIST) || process.env.FAKE_FAL_REPLAY;
if (!replay) {
  process.stderr.write("fake-fal: FAKE_FAL_REPLAY is not set\n");
  process.exit(97);
}

if (replay === "hang" || replay === "hang-stubborn") {
  process.stdout.write("Deploying 'MyApp' as app 'my-app'\n");
  if (replay === "hang") {
    process.on("SIGINT", () => {
      process.stdout.write("✘ Aborted.\n");
      process.exit(1);
    });
  } else {
    process.on("SIGINT", () => {});
    process.on("SIGTERM", () => {});
  }
  setInterval(() => {}, 1 << 30);
} else {
  let rec;
  if (existsSync(replay) && statSync(replay).isDirectory()) {
    const read = (f) => (existsSync(path.join(replay, f)) ? readFileSync(path.join(replay, f), "utf8") : "");
    rec = { stdout: read("stdout"), stderr: read("stderr"), exitCode: Number(read("exit_code").trim() || 0) };
  } else {
    rec = JSON.parse(readFileSync(replay, "utf8"));
  }
  const replayNow = () => {
    process.stdout.write(rec.stdout ?? "");
    process.stderr.write(rec.stderr ?? "", () => process.exit(rec.exitCode ?? 0));
  };
  const delay = Number((argv[0] === "deploy" ? process.env.FAKE_FAL_DELAY_MS : argv[0] === "apps" ? process.env.FAKE_FAL_APPS_DELAY_MS : undefined) ?? 0);
  if (delay > 0) setTimeout(replayNow, delay);
  else replayNow();
}
