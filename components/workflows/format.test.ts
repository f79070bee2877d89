import { describe, expect, it } from "vitest";
import { formatDuration, formatJson, runDuration } from "./format";

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [349.6, "350 ms"],
    [4_240, "4.2 s"],
    [42_000, "42 s"],
    [60_000, "1 min"],
    [185_000, "3 min 5 s"],
    [7_200_000, "2 h"],
    [7_800_000, "2 h 10 min"],
    [-5, "—"],
    [Number.NaN, "—"],
  ])("%s ms → %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("runDuration", () => {
  const now = new Date("2026-01-01T10:00:10Z");
  it("measures finished runs from start to end and active ones until now", () => {
    expect(runDuration({ startedAt: new Date("2026-01-01T10:00:00Z"), endedAt: new Date("2026-01-01T10:00:01.5Z") }, now)).toBe("1.5 s");
    expect(runDuration({ startedAt: new Date("2026-01-01T10:00:00Z"), endedAt: null }, now)).toBe("10 s");
    expect(runDuration({ startedAt: null, endedAt: null }, now)).toBe("—");
  });
});

describe("formatJson", () => {
  it("indents objects and shows a missing value as null", () => {
    expect(formatJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(formatJson(undefined)).toBe("null");
  });
});
