import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clamdFromEnv, parseReply, scanFile } from "../../app/data/virus-scan.server";
import { closedPort, EICAR, startFakeClamd, type FakeClamd } from "../support/fake-clamd";
import { TMP_DIR } from "../support/paths";

/** The clamd INSTREAM client against a fake clamd on a free port. */

let clamd: FakeClamd;
const dir = path.join(TMP_DIR, `virus-scan-${process.pid}`);
const file = (name: string, content: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  clamd = await startFakeClamd();
});
afterAll(async () => {
  await clamd.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const config = () => ({ host: "127.0.0.1", port: clamd.port, timeoutMs: 2_000 });

describe("scanning a file with clamd", () => {
  it("a clean file is clean, and clamd received every byte of it in chunks", async () => {
    clamd.mode = "normal";
    // Larger than one 64 KB chunk, so it goes in several.
    const content = Buffer.alloc(200_000, 7);
    expect(await scanFile(file("clean.bin", content), config())).toEqual({ kind: "clean" });
    expect(clamd.scanned.at(-1)!.equals(content)).toBe(true);
  });

  it("an infected file is found, with clamd's signature", async () => {
    clamd.mode = "normal";
    expect(await scanFile(file("eicar.txt", EICAR), config())).toEqual({ kind: "infected", signature: "Eicar-Signature" });
  });

  it("an empty file is sent as no chunks and the end", async () => {
    clamd.mode = "normal";
    expect(await scanFile(file("empty.bin", ""), config())).toEqual({ kind: "clean" });
    expect(clamd.scanned.at(-1)!.length).toBe(0);
  });

  it("clamd answering an error is a failed scan", async () => {
    clamd.mode = "error";
    expect(await scanFile(file("big.bin", "x"), config())).toEqual({ kind: "failed", reason: "INSTREAM size limit exceeded. ERROR" });
  });

  it("clamd not answering in time is a failed scan", async () => {
    clamd.mode = "silent";
    const outcome = await scanFile(file("slow.bin", "x"), { ...config(), timeoutMs: 200 });
    expect(outcome).toEqual({ kind: "failed", reason: "no answer from clamd in 200 ms" });
  });

  it("no clamd at the address is a failed scan", async () => {
    const outcome = await scanFile(file("nobody.bin", "x"), { host: "127.0.0.1", port: await closedPort(), timeoutMs: 2_000 });
    expect(outcome.kind).toBe("failed");
  });
});

describe("clamd's answers and settings", () => {
  it("reads OK, FOUND and anything else", () => {
    expect(parseReply(Buffer.from("stream: OK\0"))).toEqual({ kind: "clean" });
    expect(parseReply(Buffer.from("stream: Win.Test.EICAR_HDB-1 FOUND\0"))).toEqual({ kind: "infected", signature: "Win.Test.EICAR_HDB-1" });
    expect(parseReply(Buffer.from(""))).toMatchObject({ kind: "failed" });
  });

  it("is off without CLAMAV_HOST; the port defaults to 3310", () => {
    expect(clamdFromEnv({})).toBeNull();
    expect(clamdFromEnv({ CLAMAV_HOST: " " })).toBeNull();
    expect(clamdFromEnv({ CLAMAV_HOST: "clamd" })).toEqual({ host: "clamd", port: 3310, timeoutMs: 30_000 });
    expect(clamdFromEnv({ CLAMAV_HOST: "clamd", CLAMAV_PORT: "3311" })?.port).toBe(3311);
    expect(clamdFromEnv({ CLAMAV_HOST: "clamd", CLAMAV_PORT: "nonsense" })?.port).toBe(3310);
  });
});
