import { expect, test } from "@playwright/test";
import { ADMIN, AGENT, signIn } from "./helpers";

test("the admin adds a provider, sees its failed connection test in words, and saves the assistant settings", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "AI assistant" }).click();
  await expect(page.getByRole("heading", { name: "AI assistant", level: 1 })).toBeVisible();
  const providers = page.getByRole("table");
  await expect(providers.getByText("Offline (knowledge base)", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Add provider" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an AI provider" });
  await dialog.getByRole("combobox", { name: "Type" }).click();
  await page.getByRole("option", { name: "OpenAI-compatible (Ollama, vLLM…)" }).click();
  await dialog.getByLabel("Name").fill("Local Ollama");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog.getByText("Enter the server's base URL")).toBeVisible();
  // Nothing listens on that loopback port: the test must say it could not reach it.
  await dialog.getByLabel("Base URL").fill("http://127.0.0.1:59999/v1");
  await dialog.getByLabel("API key").fill("local-secret-key");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();

  const row = providers.getByRole("row").filter({ hasText: "Local Ollama" });
  await expect(row).toContainText("key stored");
  // Added ahead of the offline model, which stays the last resort.
  await expect(providers.getByRole("row").nth(1)).toContainText("Local Ollama");
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByText("Failing")).toBeVisible();
  await expect(row.getByText("Could not reach http://127.0.0.1:59999/v1 (ECONNREFUSED).")).toBeVisible();
  await expect(page.getByText("local-secret-key")).toHaveCount(0);

  await page.getByLabel("Memory (messages)").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("The assistant needs at least the last message (1).")).toBeVisible();
  await page.getByLabel("Memory (messages)").fill("8");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("AI settings saved", { exact: true })).toBeVisible();

  await page.screenshot({ path: `test-results/ai-settings.png`, fullPage: true });
});

test("agents cannot open the AI settings", async ({ page }) => {
  await signIn(page, AGENT);
  await expect(page.getByRole("link", { name: "AI assistant" })).toHaveCount(0);
  const response = await page.goto("/settings/ai");
  expect(response?.status()).toBe(403);
});
