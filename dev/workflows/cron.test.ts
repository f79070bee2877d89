import { describe, expect, it } from "vitest";
import { CronError, parseCron } from "./cron";

const next = (cron: string, after: string) => parseCron(cron).next(new Date(after)).toISOString();

describe("parseCron", () => {
  it("finds the next minute matching every field, in UTC by default", () => {
    expect(next("*/15 * * * *", "2025-03-10T10:07:30Z")).toBe("2025-03-10T10:15:00.000Z");
    expect(next("0 9 * * MON-FRI", "2025-03-14T09:00:00Z")).toBe("2025-03-17T09:00:00.000Z"); // Friday 09:00 → Monday
    expect(next("30 2 1 jan,jul *", "2025-02-01T00:00:00Z")).toBe("2025-07-01T02:30:00.000Z");
    expect(next("0 0 * * 7", "2025-03-10T00:00:00Z")).toBe("2025-03-16T00:00:00.000Z"); // 7 is Sunday
    expect(next("@hourly", "2025-03-10T10:00:00Z")).toBe("2025-03-10T11:00:00.000Z");
  });

  it("fires on either day field when both are restricted", () => {
    // The 13th (a Thursday in March 2025) comes before the next Friday.
    expect(next("0 0 13 * FRI", "2025-03-10T00:00:00Z")).toBe("2025-03-13T00:00:00.000Z");
  });

  it("uses the TZ prefix, across daylight-saving changes", () => {
    expect(next("TZ=Europe/Paris 0 9 * * *", "2025-01-15T12:00:00Z")).toBe("2025-01-16T08:00:00.000Z");
    // Paris moves to summer time on 30 March 2025: 09:00 becomes 07:00 UTC.
    expect(next("TZ=Europe/Paris 0 9 * * *", "2025-03-30T06:00:00Z")).toBe("2025-03-30T07:00:00.000Z");
    // 02:30 does not exist in New York on 9 March 2025, so the next one is on the 10th.
    expect(next("CRON_TZ=America/New_York 30 2 * * *", "2025-03-09T00:00:00Z")).toBe("2025-03-10T06:30:00.000Z");
  });

  it("finds rare dates such as 29 February", () => {
    expect(next("0 0 29 2 *", "2025-01-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
  });

  it("rejects invalid schedules with the reason", () => {
    expect(() => parseCron("* * * *")).toThrow(/expected 5 fields/);
    expect(() => parseCron("61 * * * *")).toThrow(/minute 61 is outside 0-59/);
    expect(() => parseCron("* * * FOO *")).toThrow(CronError);
    expect(() => parseCron("*/0 * * * *")).toThrow(/step/);
    expect(() => parseCron("TZ=Mars/Olympus 0 0 * * *")).toThrow(/unknown time zone/);
    expect(() => parseCron("0 0 30 2 *")).toThrow(/never fires/);
  });
});
