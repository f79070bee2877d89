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
