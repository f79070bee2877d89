import type { AgentStatus, ChannelType } from "@/lib/db/generated/client";

export type TeamName = "Support" | "Billing";

export interface SeedAgent {
  /** Stable key the seed uses to refer to this person. */
  key: "admin" | "priya" | "marco" | "sam";
  name: string;
  /** The admin's email comes from the seed options. */
  email: string | null;
  role: "admin" | "agent";
  status: AgentStatus;
  languages: string[];
  topics: string[];
  channels: ChannelType[];
  timezone: string;
  schedule: Record<string, [string, string][]>;
  maxConcurrent: number;
  autoAccept: boolean;
  teams: TeamName[];
}

const ALL_CHANNELS: ChannelType[] = ["web", "api", "telegram", "whatsapp", "messenger", "instagram", "twitter", "sms", "email"];

const weekdays = (hours: [string, string][]) =>
  Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((day) => [day, hours])) as Record<string, [string, string][]>;

export const SEED_AGENTS: readonly SeedAgent[] = [
  {
    key: "admin",
    name: "Alex Admin",
    email: null,
    role: "admin",
    status: "floor_support",
    languages: ["en"],
    topics: ["billing", "accounts"],
    channels: ALL_CHANNELS,
    timezone: "America/New_York",
    schedule: weekdays([["09:00", "17:00"]]),
    maxConcurrent: 3,
    autoAccept: false,
    teams: ["Support", "Billing"],
  },
  {
    key: "priya",
    name: "Priya Patel",
    email: "priya@acme.test",
    role: "agent",
    status: "available",
    languages: ["en", "hi"],
    topics: ["billing", "returns"],
    channels: ["web", "whatsapp", "email"],
    timezone: "America/New_York",
    schedule: weekdays([["08:00", "16:00"]]),
    maxConcurrent: 6,
    autoAccept: true,
    teams: ["Support", "Billing"],
  },
  {
    key: "marco",
    name: "Marco Rossi",
    email: "marco@acme.test",
    role: "agent",
    status: "break",
    languages: ["en", "it", "es"],
    topics: ["shipping", "sizing"],
    channels: ["telegram", "messenger", "instagram"],
    timezone: "Europe/Rome",
    schedule: { ...weekdays([["14:00", "22:00"]]), sat: [["16:00", "23:00"]] },
    maxConcurrent: 5,
    autoAccept: false,
    teams: ["Support"],
  },
  {
    key: "sam",
    name: "Sam Lee",
    email: "sam@acme.test",
    role: "agent",
    status: "training",
    languages: ["en"],
    topics: ["accounts", "warranty"],
    channels: ALL_CHANNELS,
    timezone: "America/Los_Angeles",
    schedule: { sun: [["10:00", "18:00"]], ...weekdays([["07:00", "15:00"]]) },
    maxConcurrent: 4,
    autoAccept: false,
    teams: ["Support"],
  },
];

export const SEED_TEAMS: readonly { name: TeamName; description: string }[] = [
  { name: "Support", description: "Orders, shipping, sizing, accounts and warranty questions." },
  { name: "Billing", description: "Payments, refunds, invoices and gift cards." },
];

/** Countries the demo contacts live in; phone numbers use ranges reserved for fiction. */
export type Country = "US" | "CA" | "GB" | "AU" | "DE" | "IT" | "ES" | "FR" | "IN" | "MX" | "JP" | "NL";

export interface SeedPerson {
  name: string;
  country: Country;
  language: string;
}

const person = (name: string, country: Country, language = "en"): SeedPerson => ({ name, country, language });

export const SEED_PEOPLE: readonly SeedPerson[] = [
  person("Olivia Bennett", "US"),
  person("Ethan Brooks", "US"),
  person("Sophia Ramirez", "US", "es"),
  person("Liam Carter", "US"),
  person("Ava Thompson", "US"),
  person("Mia Johnson", "US"),
  person("James Whitaker", "US"),
  person("Isabella Nguyen", "US"),
  person("Benjamin Hayes", "US"),
  person("Charlotte Kim", "US"),
  person("Lucas Foster", "US"),
  person("Amelia Diaz", "US"),
  person("Henry Collins", "US"),
  person("Harper Sullivan", "US"),
  person("Daniel Okafor", "US"),
  person("Emily Chen", "US"),
  person("Michael Torres", "US"),
  person("Grace Howard", "US"),
  person("Jackson Reed", "US"),
  person("Chloe Martin", "US"),
  person("Aiden Murphy", "US"),
  person("Zoe Washington", "US"),
  person("Caleb Rivera", "US"),
  person("Lily Anderson", "US"),
  person("Owen Price", "US"),
  person("Nora Fitzgerald", "US"),
  person("Samuel Green", "US"),
  person("Hannah Wright", "US"),
  person("David Cohen", "US"),
  person("Maya Robinson", "US"),
  person("Tyler Jenkins", "US"),
  person("Aaliyah Brown", "US"),
  person("Gabriel Santos", "US"),
  person("Leah Goldberg", "US"),
  person("Emma Tremblay", "CA", "fr"),
  person("Jacob Gagnon", "CA"),
  person("Avery MacDonald", "CA"),
  person("Oliver Hughes", "GB"),
  person("Ruby Clarke", "GB"),
  person("George Evans", "GB"),
  person("Isla Campbell", "GB"),
  person("Jack Wilson", "AU"),
  person("Matilda Taylor", "AU"),
  person("Lukas Schneider", "DE", "de"),
  person("Lena Fischer", "DE", "de"),
  person("Giulia Ricci", "IT", "it"),
  person("Matteo Romano", "IT", "it"),
  person("Lucía Fernández", "ES", "es"),
  person("Pablo Moreno", "ES", "es"),
  person("Camille Laurent", "FR", "fr"),
  person("Aarav Sharma", "IN", "hi"),
  person("Ananya Iyer", "IN"),
  person("Rohan Mehta", "IN"),
  person("Valentina Cruz", "MX", "es"),
  person("Diego Hernández", "MX", "es"),
  person("Haruto Sato", "JP", "ja"),
  person("Yui Tanaka", "JP", "ja"),
  person("Daan de Vries", "NL", "nl"),
  person("Sofia Jansen", "NL", "nl"),
  person("Noah Fraser", "CA"),
];

/** Area codes for the fictional 555-01xx numbers of the North American plan. */
const NANP_AREA_CODES = ["212", "415", "312", "617", "206", "512", "303", "404", "646", "213", "416", "604"];

/**
 * A phone number in a range set aside for drama and documentation (NANP 555-0100..0199,
 * UK 07700 900xxx, Australia 0491 570 xxx), or null where the country has no such range.
 */
export function fictionalPhone(country: Country, index: number): string | null {
  const two = String(index % 100).padStart(2, "0");
  const three = String(index % 1000).padStart(3, "0");
  switch (country) {
    case "US":
    case "CA":
      return `+1${NANP_AREA_CODES[index % NANP_AREA_CODES.length]}55501${two}`;
    case "GB":
      return `+447700900${three}`;
    case "AU":
      return `+61491570${three}`;
    default:
      return null;
  }
}
