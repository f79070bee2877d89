"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CircleAlert, Clock3, Globe, Palette, Power, UserRoundCheck } from "lucide-react";
import Link from "next/link";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { fieldErrorsOf, messageOf, nestedFieldErrorsOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/shell/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/use-toast";
import { withinBusinessHours } from "@/lib/widget/availability";
import type { WebChannelDetail } from "@/lib/widget/channel-admin";
import type { WebChannelSettings } from "@/lib/widget/settings";
import { cn } from "@/lib/utils";
import { BusinessHoursField } from "./business-hours-field";
import { ChannelActiveButton } from "./channel-active-button";
import { EmbedSnippetCard } from "./embed-snippet-card";
import { IdentitySecretCard } from "./identity-secret-card";
import { OriginsField } from "./origins-field";
import { isHexColour } from "@/lib/widget/theme";
import { WidgetPreview } from "./widget-preview";

type OfflineField = WebChannelSettings["offlineForm"]["fields"][number];
const OFFLINE_FIELDS: { field: OfflineField; label: string }[] = [
  { field: "name", label: "Name" },
  { field: "email", label: "Email" },
  { field: "phone", label: "Phone" },
  { field: "message", label: "Message" },
];
const WELCOME_LIMIT = 500;
const HEX_HINT = "Use a six-digit hex colour such as #4f46e5.";

function Section({ icon, title, description, children }: { icon: ReactNode; title: string; description: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 [&_svg]:size-4">
          {icon}
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">{children}</CardContent>
    </Card>
  );
}

type PreviewMode = "hours" | "online" | "offline";

function PreviewPanel({ settings, title }: { settings: WebChannelSettings; title: string }) {
  const [mode, setMode] = useState<PreviewMode>("hours");
  const openNow = withinBusinessHours(settings.businessHours);
  const online = mode === "hours" ? openNow : mode === "online";
  const modes: { value: PreviewMode; label: string }[] = [
    { value: "hours", label: "Now" },
    { value: "online", label: "Live chat" },
    { value: "offline", label: "Offline form" },
  ];
  return (
    <aside className="grid content-start gap-3 lg:sticky lg:top-4" aria-label="Live preview">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Preview</h2>
        <div role="group" aria-label="Preview state" className="inline-flex rounded-md border p-0.5">
          {modes.map(({ value, label }) => (
            <button
              key={value}
              type="button"
              aria-pressed={mode === value}
              onClick={() => setMode(value)}
              className={cn(
                "rounded px-2 py-1 text-xs font-medium text-muted-foreground outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                mode === value && "bg-secondary text-secondary-foreground",
              )}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <WidgetPreview settings={settings} title={title} online={online} />
      <p className="text-[13px] text-muted-foreground">
        {mode === "hours"
          ? settings.businessHours.enabled
            ? openNow
              ? "Within business hours right now: visitors get live chat."
              : "Outside business hours right now: visitors get the offline form."
            : "Business hours are off: visitors always get live chat."
          : "Updates as you type; visitors see changes once you save."}
      </p>
    </aside>
  );
}

function EditorForm({ channel, origin }: { channel: WebChannelDetail; origin: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState({ name: channel.name, settings: channel.settings });
  const [name, setName] = useState(channel.name);
  const [settings, setSettings] = useState(channel.settings);
  const dirty = name !== saved.name || JSON.stringify(settings) !== JSON.stringify(saved.settings);

  const save = useMutation(
    trpc.webChannels.update.mutationOptions({
      onSuccess: async (updated) => {
        setSaved({ name: updated.name, settings: updated.settings });
        setName(updated.name);
        setSettings(updated.settings);
        queryClient.setQueryData(trpc.webChannels.get.queryKey({ channelId: updated.id }), updated);
        await queryClient.invalidateQueries({ queryKey: trpc.webChannels.list.queryKey() });
        toast({ variant: "success", title: "Settings saved", description: `The widget on your site uses them from its next page load.` });
      },
      onError: (error) => toast({ variant: "destructive", title: "Not saved", description: messageOf(error) }),
    }),
  );

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const errors = nestedFieldErrorsOf(save.error, "settings");
  const nameError = fieldErrorsOf(save.error).name;
  const generalError = save.error && !nameError && Object.keys(errors).length === 0 ? messageOf(save.error) : null;
  const theme = settings.theme;
  const setTheme = (patch: Partial<WebChannelSettings["theme"]>) => setSettings((current) => ({ ...current, theme: { ...current.theme, ...patch } }));
  const setOfflineForm = (patch: Partial<WebChannelSettings["offlineForm"]>) => setSettings((current) => ({ ...current, offlineForm: { ...current.offlineForm, ...patch } }));
  const colourHint = isHexColour(theme.colour) ? null : HEX_HINT;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ channelId: channel.id, name, settings });
  }

  return (
    <>
      <PageHeader
        title={saved.name}
        description="Website chat: how the widget looks and behaves on your site."
        actions={
          <>
            <Badge variant={channel.active ? "success" : "outline"}>{channel.active ? "Active" : "Inactive"}</Badge>
            <ChannelActiveButton channel={{ id: channel.id, name: saved.name, active: channel.active }} />
          </>
        }
      >
        <Link href="/settings/channels" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-3.5" /> All channels
        </Link>
      </PageHeader>

      {channel.active ? null : (
        <Alert variant="warning">
          <Power />
          <AlertDescription>This channel is inactive: the widget does not load on any site until you reactivate it.</AlertDescription>
        </Alert>
      )}

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_21rem]">
        <div className="grid min-w-0 content-start gap-6">
          <EmbedSnippetCard origin={origin} publicKey={channel.publicKey} />

          <form onSubmit={submit} noValidate className="grid gap-6" aria-label="Website chat settings">
            {generalError ? (
              <Alert variant="destructive">
                <CircleAlert />
                <AlertDescription>{generalError}</AlertDescription>
              </Alert>
            ) : null}

            <Section icon={<Palette />} title="Look and greeting" description="What visitors see before they write.">
              <FormField label="Channel name" description="Shown at the top of the chat panel and in the inbox." error={nameError} required>
                <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={80} />
              </FormField>
              <FormField
                label="Welcome message"
                description={`${settings.welcomeMessage.length}/${WELCOME_LIMIT} characters. The first message in every new chat.`}
                error={errors.welcomeMessage}
              >
                <Textarea rows={3} value={settings.welcomeMessage} maxLength={WELCOME_LIMIT} onChange={(event) => setSettings({ ...settings, welcomeMessage: event.target.value })} />
              </FormField>
              <div className="grid gap-5 sm:grid-cols-2">
                <FormField label="Theme colour" error={errors["theme.colour"] ?? colourHint}>
                  {(control) => (
                    <div className="flex gap-2">
                      <input
                        type="color"
                        aria-label="Pick the theme colour"
                        value={isHexColour(theme.colour) ? theme.colour.toLowerCase() : "#000000"}
                        onChange={(event) => setTheme({ colour: event.target.value })}
                        className="h-9 w-12 shrink-0 cursor-pointer rounded-md border border-input bg-transparent p-1"
                      />
                      <Input {...control} value={theme.colour} onChange={(event) => setTheme({ colour: event.target.value.trim() })} maxLength={7} className="font-mono" spellCheck={false} />
                    </div>
                  )}
                </FormField>
                <FormField label="Position" error={errors["theme.position"]}>
                  {(control) => (
                    <Select value={theme.position} onValueChange={(position) => setTheme({ position: position as WebChannelSettings["theme"]["position"] })}>
                      <SelectTrigger {...control} className="w-full">
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        <SelectItem value="right">Bottom right</SelectItem>
                        <SelectItem value="left">Bottom left</SelectItem>
                      </SelectContent>
                    </Select>
                  )}
                </FormField>
                <FormField label="Launcher text" description="Beside the chat icon; leave empty for the icon alone." error={errors["theme.launcherText"]}>
                  <Input value={theme.launcherText} maxLength={40} onChange={(event) => setTheme({ launcherText: event.target.value })} />
                </FormField>
                <FormField label="Logo URL" description="A square image, https. Empty shows the first letter of the name." error={errors["theme.logoUrl"]}>
                  <Input
                    value={theme.logoUrl ?? ""}
                    inputMode="url"
                    placeholder="https://shop.example.com/logo.png"
                    onChange={(event) => setTheme({ logoUrl: event.target.value.trim() || null })}
                  />
                </FormField>
              </div>
            </Section>

            <Section icon={<Globe />} title="Where it shows" description="The sites whose pages may embed the widget.">
              <OriginsField origins={settings.allowedOrigins} onChange={(allowedOrigins) => setSettings({ ...settings, allowedOrigins })} errors={errors} />
            </Section>

            <Section icon={<Clock3 />} title="Hours and offline form" description="When someone answers, and what visitors get when nobody does.">
              <BusinessHoursField value={settings.businessHours} onChange={(businessHours) => setSettings({ ...settings, businessHours })} errors={nestedFieldErrorsOf(save.error, "settings.businessHours")} />
              <fieldset className="grid gap-3">
                <legend className="mb-1 text-sm font-medium">Offline form</legend>
                <p className="-mt-2 text-[13px] text-muted-foreground">Shown outside business hours, and when a visitor waits longer than the handoff timeout.</p>
                <div className="flex flex-wrap gap-x-5 gap-y-2" role="group" aria-label="Offline form fields">
                  {OFFLINE_FIELDS.map(({ field, label }) => {
                    const checked = settings.offlineForm.fields.includes(field);
                    const last = checked && settings.offlineForm.fields.length === 1;
                    return (
                      <div key={field} className="flex items-center gap-2">
                        <Checkbox
                          id={`offline-${field}`}
                          checked={checked}
                          disabled={last}
                          onCheckedChange={(value) =>
                            setOfflineForm({
                              fields: value === true ? OFFLINE_FIELDS.map((f) => f.field).filter((f) => f === field || settings.offlineForm.fields.includes(f)) : settings.offlineForm.fields.filter((f) => f !== field),
                            })
                          }
                        />
                        <Label htmlFor={`offline-${field}`} className="font-normal">
                          {label}
                        </Label>
                      </div>
                    );
                  })}
                </div>
                {errors["offlineForm.fields"] ? <p className="text-[13px] font-medium text-destructive">{errors["offlineForm.fields"][0]}</p> : null}
                <FormField label="Confirmation" description="Shown after the visitor sends the form." error={errors["offlineForm.confirmation"]}>
                  <Textarea rows={2} maxLength={500} value={settings.offlineForm.confirmation} onChange={(event) => setOfflineForm({ confirmation: event.target.value })} />
                </FormField>
              </fieldset>
            </Section>

            <Section icon={<UserRoundCheck />} title="Handoff and identity" description="Waiting for a person, and who may chat.">
              <FormField
                label="Handoff timeout (seconds)"
                description={`30 to 1,800. After "Talk to a person", a visitor waits ${formatWait(settings.handoffTimeoutSeconds)} before the offline form is offered.`}
                error={errors.handoffTimeoutSeconds}
              >
                <Input
                  type="number"
                  min={30}
                  max={1800}
                  step={10}
                  className="w-32"
                  value={Number.isFinite(settings.handoffTimeoutSeconds) ? settings.handoffTimeoutSeconds : ""}
                  onChange={(event) => setSettings({ ...settings, handoffTimeoutSeconds: event.target.valueAsNumber })}
                />
              </FormField>
              <div className="flex items-start justify-between gap-4">
                <div className="grid gap-1">
                  <Label htmlFor="enforce-identity">Only identified visitors may chat</Label>
                  <p className="text-[13px] text-muted-foreground">
                    {channel.identitySecret.set
                      ? "Anonymous visitors see the widget but cannot start a conversation until your site identifies them."
                      : "Generate an identity secret below first: without it no visitor can be identified."}
                  </p>
                </div>
                <Switch
                  id="enforce-identity"
                  checked={settings.enforceIdentity}
                  disabled={!channel.identitySecret.set && !settings.enforceIdentity}
                  onCheckedChange={(enforceIdentity) => setSettings({ ...settings, enforceIdentity })}
                />
              </div>
            </Section>

            <div className="sticky bottom-0 z-10 -mx-1 flex items-center justify-between gap-3 rounded-lg border bg-background/95 px-4 py-3 shadow-sm backdrop-blur">
              <p className="text-sm text-muted-foreground" aria-live="polite">
                {dirty ? "Unsaved changes" : "All changes saved"}
              </p>
              <div className="flex gap-2">
                <Button
                  variant="ghost"
                  disabled={!dirty || save.isPending}
                  onClick={() => {
                    setName(saved.name);
                    setSettings(saved.settings);
                    save.reset();
                  }}
                >
                  Discard
                </Button>
                <Button type="submit" disabled={!dirty || save.isPending}>
                  {save.isPending ? <Spinner size="sm" /> : null}
                  Save changes
                </Button>
              </div>
            </div>
          </form>

          <IdentitySecretCard channelId={channel.id} state={channel.identitySecret} />
        </div>

        <PreviewPanel settings={settings} title={name} />
      </div>
    </>
  );
}

function formatWait(seconds: number): string {
  if (!Number.isFinite(seconds)) return "the set time";
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${seconds} s`;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** The website chat editor: settings form, live preview, embed snippet and identity secret. */
export function WebChannelEditor({ channelId, origin }: { channelId: string; origin: string }) {
  const trpc = useTRPC();
  const channel = useQuery(trpc.webChannels.get.queryOptions({ channelId }));
  if (channel.isPending) {
    return (
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_21rem]" aria-busy="true" aria-label="Loading channel settings">
        <div className="grid gap-4">
          <Skeleton className="h-8 w-64" />
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-96 w-full" />
        </div>
        <Skeleton className="h-[560px] w-full" />
      </div>
    );
  }
  if (channel.isError) {
    return (
      <EmptyState
        icon={<Globe />}
        title="Could not load this channel"
        description={messageOf(channel.error)}
        action={
          <Button asChild variant="outline">
            <Link href="/settings/channels">Back to channels</Link>
          </Button>
        }
      />
    );
  }
  return <EditorForm key={channel.data.id} channel={channel.data} origin={origin} />;
}
