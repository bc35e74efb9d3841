import { fstatSync, writeSync } from "node:fs";

/*
 * The standard streams without creating process.stdout/stderr/stdin where they are not needed:
 * Node builds those lazily, and building one loads net and stream for a pipe or tty for a
 * terminal (~3-6 ms a start). A pipe or a file is written with fs.writeSync; a terminal, and a
 * pipe that would block, go through Node's stream as before.
 */

const known = new Map<number, boolean>();

/** Linux's memory devices (/dev/null, /dev/zero, /dev/full, ...): character devices, never terminals. */
const LINUX_MEM_MAJOR = 1;

/**
 * Whether `fd` is a terminal: fstat answers for pipes, files and sockets, and on Linux for
 * /dev/null (where CI steps and `> /dev/null` send stdout); only another character device needs
 * node:tty.
 */
export function isTerminal(fd: number): boolean {
  let tty = known.get(fd);
  if (tty === undefined) {
    let charDevice = false;
    try {
      const st = fstatSync(fd);
      charDevice = st.isCharacterDevice() && !(process.platform === "linux" && ((st.rdev >> 8) & 0xfff) === LINUX_MEM_MAJOR);
    } catch {
      // a closed fd is no terminal
    }
    tty = charDevice && process.getBuiltinModule("node:tty").isatty(fd);
    known.set(fd, tty);
  }
  return tty;
}

/** `{ isTTY, columns }` as terminal.ts reads them, creating the stream only for a terminal. */
export function streamShape(fd: 1 | 2): { isTTY: boolean; columns?: number } {
  return isTerminal(fd) ? { isTTY: true, columns: (fd === 1 ? process.stdout : process.stderr).columns } : { isTTY: false };
}

/** `falpub … | head` closes the pipe early: stop quietly, with the exit code so far, instead of crashing on EPIPE. */
export const exitOnEpipe = (): never => process.exit(process.exitCode ?? 0);

/** Makes a stream of the process stop quietly on EPIPE (once per stream). */
export function quietOnEpipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!stream.listeners("error").includes(onStreamError)) stream.on("error", onStreamError);
  return stream;
}
function onStreamError(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") exitOnEpipe();
  throw error;
}

/**
 * A writer for `fd`: fs.writeSync to a pipe or a file, `stream()` (the same fd's Node stream,
 * created on first use) for a terminal and from the first write that would block on.
 */
export function fdWriter(fd: number, stream: () => NodeJS.WritableStream, onEpipe: () => void = exitOnEpipe): (text: string) => void {
  let viaStream = isTerminal(fd);
  return (text) => {
    if (viaStream) return void stream().write(text);
    let rest = Buffer.from(text, "utf8");
    try {
      while (rest.length) rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return onEpipe();
      if (code !== "EAGAIN") throw error;
      // A non-blocking pipe is full: Node's stream queues the rest, in order, and all that follows.
      viaStream = true;
      stream().write(rest);
    }
  };
}
