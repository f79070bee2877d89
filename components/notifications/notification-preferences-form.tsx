"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/use-toast";
import type { DeliveryPreferences, NotificationPreferences, NotificationType } from "@/lib/notifications/schema";
import { playNotificationChime } from "./chime";
import { useDesktopNotificationPermission } from "./desktop";

const kinds: { type: NotificationType; label: string; description: string }[] = [
  { type: "assignment", label: "Assigned to me", description: "Someone else assigns or transfers a conversation to you." },
  { type: "mention", label: "Mentions", description: "A colleague @mentions you in an internal note." },
];

const deliveries: { key: keyof DeliveryPreferences; label: string }[] = [
  { key: "inApp", label: "In-app toast" },
  { key: "sound", label: "Sound" },
  { key: "desktop", label: "Desktop" },
];

const permissionNotes = {
  denied: "This browser blocks desktop notifications for Switchboard; allow them in the site settings to receive them.",
  unsupported: "This browser cannot show desktop notifications.",
} as const;

/** Per-kind switches; each change is saved at once. The bell lists every notification regardless. */
export function NotificationPreferencesForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const desktop = useDesktopNotificationPermission();
  const preferencesKey = trpc.notifications.getPreferences.queryKey();
  const preferences = useQuery(trpc.notifications.getPreferences.queryOptions());
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(preferencesKey, saved),
      onError: (error) => toast({ variant: "destructive", title: "Preferences not saved", description: messageOf(error) }),
    }),
  );

  if (preferences.isPending) return <Skeleton className="h-32 w-full max-w-xl" />;
  if (preferences.isError) {
    return (
      <Alert variant="destructive">
        <AlertDescription>
          Could not load your notification preferences: {messageOf(preferences.error)}{" "}
          <button type="button" className="underline" onClick={() => void preferences.refetch()}>
            Try again
          </button>
        </AlertDescription>
      </Alert>
    );
  }

  // Shows the change being saved at once; a failed save falls back to what is stored.
  const current = save.isPending && save.variables ? save.variables : preferences.data;
  const change = (type: NotificationType, key: keyof DeliveryPreferences, value: boolean) => {
    const next: NotificationPreferences = { ...current, [type]: { ...current[type], [key]: value } };
    save.mutate(next);
    if (key === "sound" && value) playNotificationChime();
    if (key === "desktop" && value) void desktop.request();
  };

  return (
    <div className="grid max-w-xl gap-4">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-muted-foreground">
            <th className="pb-2 font-medium">Notify me about</th>
            {deliveries.map((delivery) => (
              <th key={delivery.key} className="pb-2 text-center font-medium">
                {delivery.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => (
            <tr key={kind.type} className="border-t">
              <td className="py-3 pr-3">
                <div className="font-medium">{kind.label}</div>
                <div className="text-xs text-muted-foreground">{kind.description}</div>
              </td>
              {deliveries.map((delivery) => (
                <td key={delivery.key} className="py-3 text-center">
                  <Switch
                    checked={current[kind.type][delivery.key]}
                    onCheckedChange={(value) => change(kind.type, delivery.key, value)}
                    aria-label={`${kind.label}: ${delivery.label}`}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {desktop.permission === "default" ? (
        <div>
          <Button type="button" variant="outline" size="sm" onClick={() => void desktop.request()}>
            Enable desktop notifications
          </Button>
        </div>
      ) : desktop.permission === "granted" ? null : (
        <p className="text-xs text-muted-foreground">{permissionNotes[desktop.permission]}</p>
      )}
    </div>
  );
}
