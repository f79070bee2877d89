import { AtSign, Camera, Globe, Mail, MessageCircle, MessagesSquare, Send, Smartphone, Webhook, type LucideIcon } from "lucide-react";
import type { ChannelType } from "@/lib/db/generated/enums";
import { cn } from "@/lib/utils";

const channelIcons: Record<ChannelType, LucideIcon> = {
  web: Globe,
  api: Webhook,
  telegram: Send,
  whatsapp: MessageCircle,
  messenger: MessagesSquare,
  instagram: Camera,
  twitter: AtSign,
  sms: Smartphone,
  email: Mail,
};

export const channelLabels: Record<ChannelType, string> = {
  web: "Website chat",
  api: "API",
  telegram: "Telegram",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
  instagram: "Instagram",
  twitter: "X",
  sms: "SMS",
  email: "Email",
};

/** The channel's icon with its name for screen readers and as a tooltip. */
export function ChannelIcon({ type, className }: { type: ChannelType; className?: string }) {
  const Icon = channelIcons[type];
  return (
    <span title={channelLabels[type]} className={cn("inline-flex shrink-0 text-muted-foreground", className)}>
      <Icon aria-hidden className="size-3.5" />
      <span className="sr-only">{channelLabels[type]}</span>
    </span>
  );
}
