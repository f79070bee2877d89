"use client";

import { Plus, X } from "lucide-react";
import { useId, useMemo } from "react";
import { Button } from "@/components/ui/button";
import { fieldClassName, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { WebChannelSettings } from "@/lib/widget/settings";
import { cn } from "@/lib/utils";

type BusinessHours = WebChannelSettings["businessHours"];
type Range = BusinessHours["days"][number];

/** Monday first, as most calendars show a working week; values are Date#getDay numbers. */
const WEEK = [
  { day: 1, name: "Monday" },
  { day: 2, name: "Tuesday" },
  { day: 3, name: "Wednesday" },
  { day: 4, name: "Thursday" },
  { day: 5, name: "Friday" },
  { day: 6, name: "Saturday" },
  { day: 0, name: "Sunday" },
];

/** Most schedules are one range a day; the schema allows two per day on average. */
const MAX_RANGES = 14;

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  const withUtc = zones.includes("UTC") ? zones : ["UTC", ...zones];
  return withUtc.includes(current) ? withUtc : [current, ...withUtc];
}

interface BusinessHoursFieldProps {
  value: BusinessHours;
  onChange(value: BusinessHours): void;
  /** Server messages under `businessHours.` (e.g. `days.3.close`, `timezone`). */
  errors: Record<string, string[] | undefined>;
}

/**
 * Opening hours per weekday in one time zone. Ranges are kept in the order they were
 * added (the server's error paths point at that order) and shown grouped by day.
 */
export function BusinessHoursField({ value, onChange, errors }: BusinessHoursFieldProps) {
  const id = useId();
  const zones = useMemo(() => timeZones(value.timezone), [value.timezone]);
  const setDays = (days: Range[]) => onChange({ ...value, days });
  const updateRange = (index: number, patch: Partial<Range>) => setDays(value.days.map((range, i) => (i === index ? { ...range, ...patch } : range)));

  function toggleDay(day: number, open: boolean) {
    if (open) setDays([...value.days, { day, open: "09:00", close: "17:00" }]);
    else setDays(value.days.filter((range) => range.day !== day));
  }

  function addRange(day: number) {
    const last = value.days.filter((range) => range.day === day).at(-1);
    const open = last && last.close < "22:00" ? last.close : "13:00";
    setDays([...value.days, { day, open, close: open < "18:00" ? "18:00" : "23:59" }]);
  }

  return (
    <fieldset className="grid gap-4">
      <legend className="sr-only">Business hours</legend>
      <div className="flex items-start justify-between gap-4">
        <div className="grid gap-1">
          <Label htmlFor={`${id}-enabled`}>Business hours</Label>
          <p className="text-[13px] text-muted-foreground">Outside these hours visitors see the offline form instead of live chat.</p>
        </div>
        <Switch id={`${id}-enabled`} checked={value.enabled} onCheckedChange={(enabled) => onChange({ ...value, enabled })} />
      </div>

      <div className={cn("grid gap-4", !value.enabled && "opacity-60")}>
        <div className="grid gap-2">
          <Label htmlFor={`${id}-timezone`} className={cn(errors.timezone && "text-destructive")}>
            Time zone
          </Label>
          <select
            id={`${id}-timezone`}
            value={value.timezone}
            onChange={(event) => onChange({ ...value, timezone: event.target.value })}
            aria-invalid={errors.timezone ? true : undefined}
            className={cn(fieldClassName, "h-9 px-3 dark:scheme-dark")}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </select>
          {errors.timezone ? <p className="text-[13px] font-medium text-destructive">{errors.timezone[0]}</p> : null}
        </div>

        <div className="grid gap-1 rounded-md border" role="group" aria-label="Opening hours by day">
          {WEEK.map(({ day, name }) => {
            const ranges = value.days.flatMap((range, index) => (range.day === day ? [{ range, index }] : []));
            const open = ranges.length > 0;
            return (
              <div key={day} className="grid gap-2 border-b px-3 py-2.5 last:border-b-0 sm:grid-cols-[9rem_1fr]">
                <div className="flex items-center gap-2.5">
                  <Switch id={`${id}-day-${day}`} checked={open} onCheckedChange={(checked) => toggleDay(day, checked)} aria-label={`Open on ${name}`} />
                  <Label htmlFor={`${id}-day-${day}`} className="font-normal">
                    {name}
                  </Label>
                </div>
                {open ? (
                  <div className="grid gap-2">
                    {ranges.map(({ range, index }) => {
                      const closeError = errors[`days.${index}.close`]?.[0];
                      const openError = errors[`days.${index}.open`]?.[0];
                      return (
                        <div key={index} className="grid gap-1">
                          <div className="flex flex-wrap items-center gap-2">
                            <Input
                              type="time"
                              className="w-32 dark:scheme-dark"
                              value={range.open}
                              aria-label={`${name} opens at`}
                              aria-invalid={openError ? true : undefined}
                              onChange={(event) => updateRange(index, { open: event.target.value })}
                            />
                            <span className="text-sm text-muted-foreground">to</span>
                            <Input
                              type="time"
                              className="w-32 dark:scheme-dark"
                              value={range.close}
                              aria-label={`${name} closes at`}
                              aria-invalid={closeError ? true : undefined}
                              onChange={(event) => updateRange(index, { close: event.target.value })}
                            />
                            {ranges.length > 1 ? (
                              <Button variant="ghost" size="icon-sm" aria-label={`Remove ${name} ${range.open}–${range.close}`} onClick={() => setDays(value.days.filter((_, i) => i !== index))}>
                                <X />
                              </Button>
                            ) : null}
                            {range === ranges.at(-1)?.range && value.days.length < MAX_RANGES ? (
                              <Button variant="ghost" size="sm" onClick={() => addRange(day)}>
                                <Plus /> Add hours
                              </Button>
                            ) : null}
                          </div>
                          {openError || closeError ? <p className="text-[13px] font-medium text-destructive">{openError ?? closeError}</p> : null}
                        </div>
                      );
                    })}
                  </div>
                ) : (
                  <p className="self-center text-sm text-muted-foreground">Closed</p>
                )}
              </div>
            );
          })}
        </div>
        {errors.days ? <p className="text-[13px] font-medium text-destructive">{errors.days[0]}</p> : null}
      </div>
    </fieldset>
  );
}
