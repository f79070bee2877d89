import { expect, test } from "@playwright/test";
import { ADMIN, apiChannelId, postCustomerMessage, signIn } from "./helpers";

const SCREENS = "test-results/screens";

test.use({ viewport: { width: 1440, height: 900 } });

test("a customer message arrives live; the agent replies with a canned response, notes, assigns and resolves", async ({ page }) => {
  test.setTimeout(90_000);
  const runId = Date.now().toString(36);
  // Markup in customer input must show as text, never run.
  const contact = { identifier: `e2e-customer-${runId}`, name: `Dana <b>Whitfield</b> ${runId}` };

  await signIn(page, ADMIN);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  // Subscribed before anything is posted, so the events reach this page.
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

  const channelId = await apiChannelId(page);

  await postCustomerMessage(page, channelId, contact, { id: `m1-${runId}`, text: "Where is my order? <script>window.__injected = true</script>" });
  const row = page.getByTestId("conversation-row").filter({ hasText: contact.name });
  await expect(row).toBeVisible();
  await expect(row.getByText("unread")).toBeAttached();

  await row.click();
  await expect(page).toHaveURL(/[?&]c=/);
  const thread = page.getByTestId("thread");
  await expect(page.getByTestId("thread-title")).toHaveText(contact.name);
  await expect(thread.locator('[data-sender="contact"]').filter({ hasText: "Where is my order? <script>" })).toBeVisible();
  // The assistant answers at once with the demo's "Where is my order" auto-reply.
  await expect(thread.locator('[data-sender="bot"]').filter({ hasText: "acme.test/track" })).toBeVisible();

  // A second message appears in the open thread without a reload.
  await postCustomerMessage(page, channelId, contact, { id: `m2-${runId}`, text: "It was order #1042, placed last Tuesday." });
  await expect(thread.locator('[data-sender="contact"]').filter({ hasText: "order #1042" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();

  // Reply with a canned response through the "/" picker.
  const composer = page.getByTestId("composer");
  await composer.click();
  await composer.fill("/greet");
  const picker = page.getByRole("listbox", { name: "Canned responses" });
  await expect(picker.getByRole("option").filter({ hasText: "/greet" })).toBeVisible();
  await composer.press("Enter");
  await expect(composer).toHaveValue(`Hi ${contact.name}, this is Alex Admin from Acme Outfitters. How can I help you today?`);
  await composer.press("Enter");
  await expect(thread.locator('[data-sender="agent"]').filter({ hasText: "this is Alex Admin from Acme Outfitters" })).toBeVisible();
  await expect(composer).toHaveValue("");

  // An internal note, visibly different.
  await page.getByRole("radio", { name: /Internal note/ }).click();
  await composer.fill("Checked the warehouse: parcel left on Friday.");
  await composer.press("Enter");
  const note = thread.locator('[data-sender="note"]').filter({ hasText: "parcel left on Friday" });
  await expect(note).toBeVisible();
  await expect(note).toContainText("Internal note");

  await page.screenshot({ path: `${SCREENS}/inbox-light.png` });

  // "a" opens the assignee picker (outside a text field).
  await composer.press("Escape");
  await page.keyboard.press("a");
  await page.getByRole("option", { name: /Priya Patel/ }).click();
  await expect(page.getByRole("combobox", { name: /Assignee/ })).toContainText("Priya Patel");
  await expect(page.getByText("Assigned to Priya Patel").first()).toBeVisible();
  await expect(thread.locator('[data-sender="system"]').filter({ hasText: "to Priya Patel" })).toBeVisible();

  // "e" resolves.
  await page.keyboard.press("e");
  await expect(page.getByTestId("conversation-status")).toHaveText("Resolved");
  await expect(page.getByTestId("thread-status")).toHaveText("Resolved");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();

  // The open conversation survives a reload.
  await page.reload();
  await expect(page.getByTestId("thread-title")).toHaveText(contact.name);

  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.screenshot({ path: `${SCREENS}/inbox-dark.png` });
});

// A 2×2 red PNG.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";

test("the agent attaches an image to a reply and sees its thumbnail in the thread", async ({ page }) => {
  test.setTimeout(60_000);
  const runId = Date.now().toString(36);
  const contact = { identifier: `e2e-attach-${runId}`, name: `Omar Files ${runId}` };

  await signIn(page, ADMIN);
  await page.goto("/inbox");
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const channelId = await apiChannelId(page);
  await postCustomerMessage(page, channelId, contact, { id: `a1-${runId}`, text: "Can you send me a screenshot?" });
  await page.getByTestId("conversation-row").filter({ hasText: contact.name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(contact.name);

  await page.getByTestId("attachment-input").setInputFiles({ name: "screenshot.png", mimeType: "image/png", buffer: Buffer.from(PNG_BASE64, "base64") });
  const pending = page.getByRole("list", { name: "Attachments to send" }).getByRole("listitem").filter({ hasText: "screenshot.png" });
  await expect(pending).toHaveAttribute("data-uploaded", "true");

  await page.getByTestId("composer").fill("Here it is.");
  await page.getByTestId("composer").press("Enter");
  const reply = page.getByTestId("thread").locator('[data-sender="agent"]').filter({ hasText: "Here it is." });
  const thumbnail = reply.getByRole("img", { name: "screenshot.png" });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(2);
  await expect(page.getByRole("list", { name: "Attachments to send" })).toHaveCount(0);

  const served = await page.request.get((await thumbnail.getAttribute("src"))!);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
});
