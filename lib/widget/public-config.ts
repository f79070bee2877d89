import type { BrowserRealtimeConfig } from "@/lib/realtime/config";
import type { WebChannelSettings } from "./settings";

/** What the loader needs to draw the launcher before the chat itself loads. */
export interface LauncherConfig {
  colour: string;
  position: "right" | "left";
  launcherText: string;
}

/** What the widget app needs, embedded in its page: settings a visitor may see, never secrets. */
export interface WidgetAppConfig {
  key: string;
  businessName: string;
  theme: WebChannelSettings["theme"];
  welcomeMessage: string;
  offlineForm: WebChannelSettings["offlineForm"];
  enforceIdentity: boolean;
  handoffTimeoutSeconds: number;
  /** Origins whose pages may talk to the widget (postMessage); Switchboard's own is added by the app. */
  hostOrigins: string[];
  realtime: BrowserRealtimeConfig | null;
}

export function launcherConfig(settings: WebChannelSettings): LauncherConfig {
  return { colour: settings.theme.colour, position: settings.theme.position, launcherText: settings.theme.launcherText };
}

export function widgetAppConfig(input: { key: string; businessName: string; settings: WebChannelSettings; realtime: BrowserRealtimeConfig | null }): WidgetAppConfig {
  const { settings } = input;
  return {
    key: input.key,
    businessName: input.businessName,
    theme: settings.theme,
    welcomeMessage: settings.welcomeMessage,
    offlineForm: settings.offlineForm,
    enforceIdentity: settings.enforceIdentity,
    handoffTimeoutSeconds: settings.handoffTimeoutSeconds,
    hostOrigins: settings.allowedOrigins,
    realtime: input.realtime,
  };
}
