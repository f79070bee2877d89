import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

const SCREENS = "test-results/screens";

test.use({ viewport: { width: 1440, height: 900 } });

test("an admin manages canned responses, finds a contact and searches conversations", async ({ page }) => {
  // About 30 s against a freshly started production server on two cores; the margin absorbs cold first loads.
  test.setTimeout(60_000);
  const runId = Date.now().toString(36);
  await signIn(page, ADMIN);

  // Create a canned response.
  await page.goto("/settings/canned");
  await expect(page.getByRole("heading", { name: "Canned responses", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "New response" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Shortcut").fill(`e2e-${runId}`);
  await form.getByLabel("Title").fill(`Order follow-up ${runId}`);
  await form.getByLabel("Content").fill("Hi {{contact.name}}, this is {{agent.name}}.");
  await form.getByLabel("Keywords").fill("hello, hi");
  await form.getByRole("button", { name: "Create" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId(`canned-e2e-${runId}`)).toContainText(`Order follow-up ${runId}`);

  // Import a CSV whose third row has an invalid shortcut: the good row is created, the bad one reported.
  await page.getByRole("button", { name: "Import" }).click();
  const importDialog = page.getByRole("dialog");
  const csv = `shortcut,title,content,keywords\nimp-${runId},Imported ${runId},"Thanks, {{contact.name}}!",thanks\nBad Shortcut!,Broken,Some text,\n`;
  await importDialog.getByLabel("File").setInputFiles({ name: "canned.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await importDialog.getByRole("button", { name: "Import" }).click();
  const report = importDialog.getByTestId("import-report");
  await expect(report).toContainText("1 response created, 0 responses updated");
  const problem = report.getByRole("row").filter({ hasText: "lowercase letters" });
  await expect(problem.getByRole("cell").nth(0)).toHaveText("3");
  await expect(problem.getByRole("cell").nth(1)).toHaveText("shortcut");
  await page.screenshot({ path: `${SCREENS}/canned-import-report.png` });
  await importDialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId(`canned-imp-${runId}`)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/canned-list.png` });

  // Search contacts for a seeded customer and open the contact.
  await page.goto("/contacts");
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("Olivia Benn");
  await page.getByRole("link", { name: "Olivia Bennett" }).first().click();
  await expect(page.getByRole("heading", { name: "Olivia Bennett", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Identifiers across channels" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByText("Conversation history")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/contact-detail.png`, fullPage: true });

  // Search conversations for a word of the seeded conversations: matches are highlighted.
  await page.goto("/search?q=refund");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.locator("mark").first()).toHaveText(/refund/i);
  await expect(results.getByRole("link").first()).toHaveAttribute("href", /^\/inbox\?c=/);
  await page.screenshot({ path: `${SCREENS}/search-refund.png` });
});
