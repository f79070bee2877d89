import { createHmac } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@acme.test", password: "switchboard-demo" };
export const AGENT = { email: "priya@acme.test", password: "agent-demo-pass" };

export async function signIn(page: Page, credentials: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

// playwright.config.ts declares the API channel with this secret (API_CHANNEL_SECRET); the start script ensures it.
const API_CHANNEL_SECRET = "e2e-api-channel-secret-0123456789abcdef";

/** Posts a customer message to the API channel webhook, signed as an external system signs it. */
export async function postCustomerMessage(page: Page, channelId: string, contact: { identifier: string; name: string }, message: { id: string; text: string }) {
  const body = JSON.stringify({ contact, message });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", API_CHANNEL_SECRET).update(`${timestamp}.${body}`).digest("hex");
  const response = await page.request.post(`/api/webhooks/api/${channelId}`, {
    data: body,
    headers: { "Content-Type": "application/json", "X-Switchboard-Timestamp": String(timestamp), "X-Switchboard-Signature": `sha256=${signature}` },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** The channel filter puts the chosen channel's id in the URL: that is how the tests learn the API channel's id. */
export async function apiChannelId(page: Page): Promise<string> {
  await page.getByRole("button", { name: /^Filters/ }).click();
  await page.getByRole("combobox", { name: "Channel" }).click();
  await page.getByRole("option", { name: "API", exact: true }).click();
  await expect(page).toHaveURL(/[?&]channel=/);
  const channelId = new URL(page.url()).searchParams.get("channel")!;
  await page.getByRole("button", { name: /^Filters/ }).click();
  return channelId;
}
