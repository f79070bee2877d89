import { describe, expect, it } from "vitest";
import { formatLatency, formatPercent, lastDays, rangePeriod } from "./format";

describe("accuracy log formatting", () => {
  it("formats latency and shares", () => {
    expect(formatLatency(340.4)).toBe("340 ms");
    expect(formatLatency(1234)).toBe("1.2 s");
    expect(formatLatency(null)).toBe("—");
    expect(formatPercent(0.823)).toBe("82%");
    expect(formatPercent(null)).toBe("—");
  });

  it("turns a day range into a half-open period, and refuses reversed or broken ranges", () => {
    expect(lastDays(7, new Date(2030, 0, 10, 15))).toEqual({ from: "2030-01-04", to: "2030-01-10" });
    expect(rangePeriod({ from: "2030-01-04", to: "2030-01-10" })).toEqual({ from: new Date(2030, 0, 4), to: new Date(2030, 0, 11) });
    expect(rangePeriod({ from: "2030-01-10", to: "2030-01-04" })).toBeNull();
    expect(rangePeriod({ from: "", to: "2030-01-04" })).toBeNull();
  });
});
