"use client";

import { Plus, X } from "lucide-react";
import { useId, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { widgetOrigin } from "@/lib/widget/settings";
import { cn } from "@/lib/utils";

interface OriginsFieldProps {
  origins: string[];
  onChange(origins: string[]): void;
  /** Server messages by position in the list (`allowedOrigins.N`), and for the list itself. */
  errors: Record<string, string[] | undefined>;
}

/** The sites allowed to show the widget: add with the same validation the server applies, remove one by one. */
export function OriginsField({ origins, onChange, errors }: OriginsFieldProps) {
  const inputId = useId();
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  function add() {
    const parsed = widgetOrigin.safeParse(draft);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? "Give an origin like https://shop.example.com.");
      return;
    }
    if (origins.includes(parsed.data)) {
      setProblem(`${parsed.data} is already in the list.`);
      return;
    }
    onChange([...origins, parsed.data]);
    setDraft("");
    setProblem(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    add();
  }

  const listError = errors.allowedOrigins?.[0];
  return (
    <div className="grid gap-2" data-invalid={problem || listError ? true : undefined}>
      <Label htmlFor={inputId}>Allowed origins</Label>
      {origins.length ? (
        <ul className="grid gap-1.5" aria-label="Allowed origins">
          {origins.map((origin, index) => {
            const error = errors[`allowedOrigins.${index}`]?.[0];
            return (
              <li key={origin} className="grid gap-1">
                <div className={cn("flex items-center gap-2 rounded-md border bg-muted/30 py-1 pr-1 pl-3 text-sm", error && "border-destructive")}>
                  <span className="min-w-0 flex-1 truncate font-mono text-[13px]">{origin}</span>
                  <Button variant="ghost" size="icon-sm" aria-label={`Remove ${origin}`} onClick={() => onChange(origins.filter((_, i) => i !== index))}>
                    <X />
                  </Button>
                </div>
                {error ? <p className="text-[13px] font-medium text-destructive">{error}</p> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-[13px] text-muted-foreground">No sites yet: the widget loads only on Switchboard&apos;s own pages until you add one.</p>
      )}
      <div className="flex gap-2">
        <Input
          id={inputId}
          value={draft}
          placeholder="https://shop.example.com"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${inputId}-help${problem ? ` ${inputId}-error` : ""}`}
          onChange={(event) => {
            setDraft(event.target.value);
            setProblem(null);
          }}
          onKeyDown={onKeyDown}
        />
        <Button variant="outline" onClick={add} disabled={!draft.trim()}>
          <Plus /> Add
        </Button>
      </div>
      <p id={`${inputId}-help`} className="text-[13px] text-muted-foreground">
        Scheme and host (and port), no path: the pages of these sites may show the widget. Switchboard&apos;s own address is always allowed.
      </p>
      {problem || listError ? (
        <p id={`${inputId}-error`} className="text-[13px] font-medium text-destructive">
          {problem ?? listError}
        </p>
      ) : null}
    </div>
  );
}
