import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fdWriter, isTerminal } from "../../src/stdio.js";

/*
 * src/stdio.ts writes a pipe or a file with fs.writeSync and falls back to the fd's Node stream
 * when a write would block. The pipes here are real: a child process's stdin, whose parent end
 * libuv keeps non-blocking, so a write bigger than the pipe's buffer meets EAGAIN.
 */

const dir = mkdtempSync(path.join(tmpdir(), "falpub-stdio-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child that waits `delayMs` and then copies its stdin to its stdout; the fd of our end of its stdin. */
function slowReader(delayMs: number) {
  const child = spawn(process.execPath, ["-e", `setTimeout(() => process.stdin.pipe(process.stdout), ${delayMs})`], { stdio: ["pipe", "pipe", "inherit"] });
  const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  const received = new Promise<string>((resolve) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("close", () => resolve(out));
  });
  return { child, fd, received };
}

describe("isTerminal", () => {
  it("a file and a pipe are not terminals (fstat answers, without node:tty)", () => {
    const file = openSync(path.join(dir, "f"), "w");
    expect(isTerminal(file)).toBe(false);
    closeSync(file);
    const { child, fd } = slowReader(0);
    expect(fd).toBeGreaterThan(2);
    expect(isTerminal(fd)).toBe(false);
    child.kill();
  });
});

describe("fdWriter", () => {
  it("writes all of the text to a file, multi-byte characters whole", () => {
    const file = path.join(dir, "out.txt");
    const fd = openSync(file, "w");
    const write = fdWriter(fd, () => {
      throw new Error("a file never needs the stream");
    });
    write("✔ no problems — ");
    write("日本語 😀\n".repeat(10_000));
    closeSync(fd);
    expect(readFileSync(file, "utf8")).toBe("✔ no problems — " + "日本語 😀\n".repeat(10_000));
  });

  it("a pipe that would block: the rest and every later write go through the stream, in order", async () => {
    const { child, fd, received } = slowReader(200);
    let streamed = 0;
    const write = fdWriter(fd, () => {
      streamed++;
      return child.stdin;
    });
    // 2 MiB in four writes: far more than a pipe holds (64 KiB on Linux) while the reader sleeps.
    const parts = ["a", "b", "c", "d"].map((c) => c.repeat(512 * 1024));
    for (const p of parts) write(p);
    child.stdin.end();
    const out = await received;
    expect(streamed).toBeGreaterThan(0); // EAGAIN was met and the stream took over
    expect(out.length).toBe(parts.join("").length);
    expect(out).toBe(parts.join(""));
  });

  it("once a write would block, later writes go to the stream too, even when the pipe has room again", async () => {
    const { child, fd, received } = slowReader(100);
    let copied = "";
    child.stdout.on("data", (chunk: string) => (copied += chunk));
    const viaStream: string[] = [];
    const recorder = { write: (chunk: Buffer | string) => (viaStream.push(String(chunk)), true) } as unknown as NodeJS.WritableStream;
    const write = fdWriter(fd, () => recorder);
    write("a".repeat(1 << 20)); // more than the pipe holds while the reader sleeps
    expect(viaStream).toHaveLength(1);
    // Wait until the reader has emptied the pipe (what writeSync put there, nothing more comes).
    for (let last = -1; copied.length === 0 || copied.length !== last; ) {
      last = copied.length;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    write("tail"); // the pipe has room now, but writing it directly would overtake the queued rest
    expect(viaStream.at(-1)).toBe("tail");
    child.stdin.end();
    const out = await received;
    expect(out).toBe("a".repeat(out.length));
    expect(out.length + viaStream[0]!.length).toBe(1 << 20);
  });

  it("a reader that has gone: onEpipe, no throw", async () => {
    // The child closes its end of the pipe and stays alive, so our end stays open.
    const child = spawn(process.execPath, ["-e", "require('fs').closeSync(0); process.stdout.write('closed'); setTimeout(() => {}, 5000)"], { stdio: ["pipe", "pipe", "inherit"] });
    const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    child.stdin.on("error", () => {}); // the stream may see EPIPE too
    await new Promise((resolve) => child.stdout.once("data", resolve));
    let epipe = 0;
    const write = fdWriter(fd, () => child.stdin, () => void epipe++);
    expect(() => write("x".repeat(1024))).not.toThrow();
    expect(epipe).toBe(1);
    child.kill();
  });
});
