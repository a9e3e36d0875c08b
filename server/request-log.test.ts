import { describe, expect, it } from "vitest";
import { errorLogLine, loggedPath, requestLogLine } from "./request-log";

describe("the request log", () => {
  it("keeps the query's names but never its values, which may be personal", () => {
    expect(loggedPath("/search?q=Jo+Bloggs&page=2")).toBe("/search?q=&page=");
    expect(loggedPath("/bids?status=submitted&status=approved")).toBe("/bids?status=");
    expect(loggedPath("/grants/12")).toBe("/grants/12");
  });

  it("writes one JSON line with the request's id, status, time and user", () => {
    const line = requestLogLine({ at: new Date("2026-12-01T10:00:00Z"), requestId: "r-1", method: "GET", url: "/bids?page=3", status: 200, ms: 4.26, userId: 7 });
    expect(JSON.parse(line)).toEqual({ t: "2026-12-01T10:00:00.000Z", level: "info", msg: "request", id: "r-1", method: "GET", path: "/bids?page=", status: 200, ms: 4.3, user: 7 });
    expect(line).not.toContain("\n");
  });

  it("logs an error's stack with the request id the user is shown", () => {
    const entry = JSON.parse(errorLogLine({ at: new Date("2026-12-01T10:00:00Z"), requestId: "r-2", method: "POST", url: "/bids/1/edit/costs?x=secret", error: new Error("boom") }));
    expect(entry).toMatchObject({ level: "error", msg: "boom", id: "r-2", path: "/bids/1/edit/costs?x=" });
    expect(entry.stack).toMatch(/^Error: boom/);
  });
});

describe("the request log middleware", () => {
  it("writes one line per request, with the signed-in user the app noted, and sends the id back", async () => {
    const express = (await import("express")).default;
    const { noteSignedInUser } = await import("../app/request-context.server");
    const { requestLog } = await import("./request-log");
    const lines: string[] = [];
    const app = express();
    app.use(requestLog({ write: (l) => void lines.push(l), enabled: true }));
    // As the access helper does, deep inside the app's async work.
    app.get("/grants/:id", async (_req, res) => {
      await new Promise((r) => setTimeout(r, 1));
      noteSignedInUser(42);
      res.status(404).send("Not found");
    });
    const server = await new Promise<import("node:http").Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const port = (server.address() as import("node:net").AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/grants/9?token=abc`);
      expect(res.status).toBe(404);
      const id = res.headers.get("X-Request-Id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((r) => setTimeout(r, 20));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ id, method: "GET", path: "/grants/9?token=", status: 404, user: 42 });
    } finally {
      server.close();
    }
  });
});
