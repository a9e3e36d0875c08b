import fs from "node:fs";
import net from "node:net";
import { once } from "node:events";

/**
 * The scanning hook: when CLAMAV_HOST is set (CLAMAV_PORT, default 3310), each uploaded file is
 * sent to clamd with its INSTREAM command over TCP and kept only if clamd finds nothing. Without
 * it, files are recorded as not scanned. Protocol: "zINSTREAM\0", then the file in chunks each
 * preceded by its length (4 bytes, big-endian), then a zero length; clamd answers
 * "stream: OK\0" or "stream: <signature> FOUND\0" (or an "… ERROR").
 */

export interface ClamdConfig {
  host: string;
  port: number;
  timeoutMs: number;
}

export type ScanOutcome = { kind: "clean" } | { kind: "infected"; signature: string } | { kind: "failed"; reason: string };

export function clamdFromEnv(env: Record<string, string | undefined> = process.env): ClamdConfig | null {
  const host = env.CLAMAV_HOST?.trim();
  if (!host) return null;
  const port = Number(env.CLAMAV_PORT ?? "3310");
  const timeoutMs = Number(env.CLAMAV_TIMEOUT_MS ?? "30000");
  return { host, port: Number.isInteger(port) && port > 0 && port < 65_536 ? port : 3310, timeoutMs: timeoutMs > 0 ? timeoutMs : 30_000 };
}

/** Scans a file on disk; never throws: a scanner that cannot be reached, times out or errs is "failed". */
export function scanFile(file: string, config: ClamdConfig): Promise<ScanOutcome> {
  return new Promise((resolve) => {
    const reply: Buffer[] = [];
    const socket = net.connect({ host: config.host, port: config.port });
    const input = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
    let settled = false;
    const finish = (outcome: ScanOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      input.destroy();
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: "failed", reason: `no answer from clamd in ${config.timeoutMs} ms` }), config.timeoutMs);
    socket.on("error", (error) => finish({ kind: "failed", reason: error.message }));
    input.on("error", (error) => finish({ kind: "failed", reason: error.message }));
    socket.on("data", (data: Buffer) => {
      reply.push(data);
      if (data.includes(0)) finish(parseReply(Buffer.concat(reply)));
    });
    socket.on("end", () => finish(parseReply(Buffer.concat(reply))));
    socket.once("connect", async () => {
      try {
        socket.write("zINSTREAM\0");
        for await (const chunk of input as AsyncIterable<Buffer>) {
          const length = Buffer.alloc(4);
          length.writeUInt32BE(chunk.length);
          socket.write(length);
          if (!socket.write(chunk)) await once(socket, "drain");
        }
        socket.write(Buffer.alloc(4));
      } catch (error) {
        finish({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

export function parseReply(reply: Buffer): ScanOutcome {
  const text = reply.toString("utf8").split("\0")[0].trim();
  if (/^stream: OK$/.test(text)) return { kind: "clean" };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { kind: "infected", signature: found[1] };
  return { kind: "failed", reason: text || "clamd closed the connection without an answer" };
}
