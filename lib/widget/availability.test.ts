import { describe, expect, it } from "vitest";
import { withinBusinessHours } from "./availability";

const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "17:30" }));
const hours = (timezone: string) => ({ enabled: true, timezone, days: weekdays });

describe("withinBusinessHours", () => {
  it("reads the clock in the channel's time zone", () => {
    // Monday 2026-03-02 14:00 UTC is 09:00 in New York (EST) and 23:00 in Tokyo.
    const mondayAfternoonUtc = new Date("2026-03-02T14:00:00Z");
    expect(withinBusinessHours(hours("America/New_York"), mondayAfternoonUtc)).toBe(true);
    expect(withinBusinessHours(hours("Asia/Tokyo"), mondayAfternoonUtc)).toBe(false);
    expect(withinBusinessHours(hours("America/New_York"), new Date("2026-03-02T13:59:00Z"))).toBe(false);
    // Closing time is exclusive.
    expect(withinBusinessHours(hours("UTC"), new Date("2026-03-02T17:30:00Z"))).toBe(false);
    expect(withinBusinessHours(hours("UTC"), new Date("2026-03-02T17:29:00Z"))).toBe(true);
  });

  it("is closed on days without hours and always open when hours are off", () => {
    const sunday = new Date("2026-03-01T12:00:00Z");
    expect(withinBusinessHours(hours("UTC"), sunday)).toBe(false);
    expect(withinBusinessHours({ ...hours("UTC"), enabled: false }, sunday)).toBe(true);
  });

  it("falls back to UTC for an unknown time zone", () => {
    expect(withinBusinessHours(hours("Mars/Olympus_Mons"), new Date("2026-03-02T10:00:00Z"))).toBe(true);
  });
});
