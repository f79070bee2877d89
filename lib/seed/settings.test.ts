import { describe, expect, it } from "vitest";
import { DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_AGENT_PASSWORD, readSeedSettings } from "./settings";

const DATABASE_URL = "postgresql://localhost:5432/switchboard";

describe("readSeedSettings", () => {
  it("uses the demo defaults when only DATABASE_URL is set", () => {
    expect(readSeedSettings({ DATABASE_URL })).toEqual({
      databaseUrl: DATABASE_URL,
      adminEmail: DEFAULT_ADMIN_EMAIL,
      adminPassword: DEFAULT_ADMIN_PASSWORD,
      agentPassword: DEFAULT_AGENT_PASSWORD,
    });
    expect(DEFAULT_ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(10);
  });

  it("takes the variables when set, normalising the email", () => {
    const settings = readSeedSettings({
      DATABASE_URL,
      SEED_ADMIN_EMAIL: " Owner@Example.com ",
      SEED_ADMIN_PASSWORD: "a-long-admin-secret",
      SEED_AGENT_PASSWORD: "a-long-agent-secret",
    });
    expect(settings).toMatchObject({ adminEmail: "owner@example.com", adminPassword: "a-long-admin-secret", agentPassword: "a-long-agent-secret" });
  });

  it("refuses a short admin password, naming the variable", () => {
    expect(() => readSeedSettings({ DATABASE_URL, SEED_ADMIN_PASSWORD: "123456789" })).toThrow(
      "SEED_ADMIN_PASSWORD is invalid: Password must be at least 10 characters long.",
    );
  });

  it("names the variable for a bad email, a short agent password or a missing database", () => {
    expect(() => readSeedSettings({ DATABASE_URL, SEED_ADMIN_EMAIL: "admin" })).toThrow(/^SEED_ADMIN_EMAIL is invalid/);
    expect(() => readSeedSettings({ DATABASE_URL, SEED_AGENT_PASSWORD: "short" })).toThrow(/^SEED_AGENT_PASSWORD is invalid/);
    expect(() => readSeedSettings({})).toThrow(/^DATABASE_URL is not set/);
  });
});
