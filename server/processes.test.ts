import { describe, expect, it } from "vitest";
import { serverProcesses } from "./processes";

describe("how many server processes npm start runs", () => {
  it("runs one unless PORTAL_WORKERS asks for more", () => {
    expect(serverProcesses(undefined, { development: false, cores: 8 })).toBe(1);
    expect(serverProcesses("2", { development: false, cores: 8 })).toBe(2);
  });
  it("runs one a core for auto", () => {
    expect(serverProcesses("auto", { development: false, cores: 2 })).toBe(2);
    expect(serverProcesses("auto", { development: false, cores: 64 })).toBe(16);
  });
  it("runs one for a value that is not a whole number of at least one", () => {
    for (const value of ["", "0", "-2", "1.5", "two"]) expect(serverProcesses(value, { development: false, cores: 4 })).toBe(1);
  });
  it("always runs one for the dev server", () => {
    expect(serverProcesses("4", { development: true, cores: 4 })).toBe(1);
  });
});
