import { z } from "zod";

/**
 * Shapes shared by the server and the browser (no database imports here, so client
 * components can use them).
 */

export const notificationTypes = ["assignment", "mention"] as const;
export type NotificationType = (typeof notificationTypes)[number];

/** How one kind of notification reaches the user. The bell always lists it. */
export const deliveryPreferencesSchema = z
  .object({
    /** A toast in the open app. */
    inApp: z.boolean(),
    /** A short chime in the open app. */
    sound: z.boolean(),
    /** A system notification, once the browser has been allowed to show them. */
    desktop: z.boolean(),
  })
  .strict();
export type DeliveryPreferences = z.infer<typeof deliveryPreferencesSchema>;

/** What a user chooses on their profile; every field is required when saving. */
export const notificationPreferencesSchema = z
  .object({
    assignment: deliveryPreferencesSchema,
    mention: deliveryPreferencesSchema,
  })
  .strict();
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

const defaultDelivery: DeliveryPreferences = { inApp: true, sound: true, desktop: false };

/** Desktop notifications need the browser's permission, so they start off. */
export const defaultNotificationPreferences: NotificationPreferences = {
  assignment: defaultDelivery,
  mention: defaultDelivery,
};

/**
 * Reads what agent_profiles.notification_prefs holds, field by field: missing or
 * malformed fields take their default, so older or partial values never break the app.
 */
export function readStoredPreferences(stored: unknown): NotificationPreferences {
  const record = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  const readType = (type: NotificationType): DeliveryPreferences => {
    const value = typeof record[type] === "object" && record[type] !== null ? (record[type] as Record<string, unknown>) : {};
    const flag = (key: keyof DeliveryPreferences) => (typeof value[key] === "boolean" ? value[key] : defaultDelivery[key]);
    return { inApp: flag("inApp"), sound: flag("sound"), desktop: flag("desktop") };
  };
  return { assignment: readType("assignment"), mention: readType("mention") };
}

/** The realtime event `notification.created` on `private-user-{userId}`. */
export const notificationEventSchema = z.object({
  id: z.string(),
  type: z.enum(notificationTypes),
  title: z.string(),
  body: z.string(),
  conversationId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

/** Where a notification leads in the app. */
export function notificationHref(conversationId: string | null): string {
  return conversationId ? `/inbox?c=${encodeURIComponent(conversationId)}` : "/inbox";
}
