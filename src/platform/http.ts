/*
 * The HTTP transport of the platform client: node:http / node:https, not the global fetch.
 * fetch loads undici on its first call (41–48 ms measured on Node 20 and 22, against ~3.5 ms
 * for http.get), which was a tenth of what `falpub deploy` adds to the fal it wraps. Only what
 * the client uses: method, headers, a string body, an abort signal, no redirects followed, the
 * status, headers read by name and the body as text.
 */
import type { IncomingMessage, RequestOptions } from "node:http";

/** Response headers, read by name (case-insensitive). */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
}

export type HttpFetch = (url: string, init: HttpRequest) => Promise<HttpResponse>;

/** No headers at all (results put together from several pages). */
export const NO_HEADERS: HeaderReader = { get: () => null };

export function headersOf(raw: IncomingMessage["headers"]): HeaderReader {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** One request; the body is read before the promise resolves, so the signal also bounds it. */
export const nodeFetch: HttpFetch = async (url, init) => {
  const target = new URL(url);
  const transport = target.protocol === "https:" ? await import("node:https") : await import("node:http");
  const options: RequestOptions = { method: init.method, headers: init.body === undefined ? init.headers : { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) }, signal: init.signal };
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = transport.request(target, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: headersOf(res.headers), text: async () => text });
      });
      // Cut off mid-body (the signal fired, the server went away): an error, never a short body.
      res.on("close", () => {
        if (!res.complete) reject(init.signal.aborted ? abortError(init.signal) : Object.assign(new Error("the connection closed before the answer was complete"), { code: "ECONNRESET" }));
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
};

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason as Error | undefined;
  return reason instanceof Error ? reason : Object.assign(new Error("aborted"), { name: "AbortError" });
}
