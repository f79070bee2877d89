import { z } from "zod";

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a six-digit hex colour such as #4f46e5.");
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour HH:MM, for example 09:00.");

/** An origin a widget may be embedded on: scheme, host and optional port, nothing else. */
export const widgetOrigin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value.replace(/\/$/, "");
    } catch {
      return false;
    }
  }, "Give an origin like https://shop.example.com (scheme and host, no path).")
  .transform((value) => value.replace(/\/$/, ""));

export const businessHoursDay = z.object({
  /** 0 = Sunday … 6 = Saturday, as Date#getDay. */
  day: z.number().int().min(0).max(6),
  open: clock,
  close: clock,
});

export const offlineFormField = z.enum(["name", "email", "phone", "message"]);

/**
 * The non-secret settings of a web (widget) channel, kept in `channels.settings`. The
 * identity secret that verifies `Switchboard.identify()` is the channel's `webhookSecret`.
 */
export const webChannelSettings = z.object({
  allowedOrigins: z.array(widgetOrigin).max(50).default([]),
  theme: z
    .object({
      colour: hexColour.default("#4f46e5"),
      position: z.enum(["right", "left"]).default("right"),
      launcherText: z.string().trim().max(40).default("Chat with us"),
      logoUrl: z.url("Give the logo as an absolute https URL.").nullable().default(null),
    })
    .prefault({}),
  welcomeMessage: z.string().trim().max(500).default("Hi! Ask us anything — we usually answer right away."),
  businessHours: z
    .object({
      enabled: z.boolean().default(false),
      timezone: z.string().default("UTC"),
      days: z.array(businessHoursDay).max(14).default([]),
    })
    .prefault({}),
  offlineForm: z
    .object({
      fields: z.array(offlineFormField).min(1).default(["name", "email", "message"]),
      confirmation: z.string().trim().max(500).default("Thanks! We got your message and will reply by email."),
    })
    .prefault({}),
  /** When on, only visitors identified with a valid hash or token may start a conversation. */
  enforceIdentity: z.boolean().default(false),
  /** Seconds the customer waits for a person after "Talk to a person" before the offline form is offered. */
  handoffTimeoutSeconds: z.number().int().min(30).max(1800).default(180),
});

export type WebChannelSettings = z.infer<typeof webChannelSettings>;

/** Settings as stored, with defaults filled in; unreadable stored values fall back to defaults. */
export function readWebChannelSettings(stored: unknown): WebChannelSettings {
  const parsed = webChannelSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : webChannelSettings.parse({});
}
