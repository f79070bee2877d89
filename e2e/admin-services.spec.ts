import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { Resend } from "resend";
import { ADMIN, AGENT, signIn } from "./helpers";

// playwright.config.ts starts the e2e server with its mail capture on the port after the app's.
const mailCaptureUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;
const mailer = new Resend("re_local", { baseUrl: mailCaptureUrl });

const ATTACHMENT_TEXT = "Order #1042: 2 × espresso beans, shipped.";

/** Sends one email through the Resend SDK to the e2e server's mail capture, as the app does. */
async function sendTestEmail(subject: string) {
  const { data, error } = await mailer.emails.send({
    from: "Switchboard <support@switchboard.local>",
    to: "customer@example.com",
    subject,
    html: `<h1>Your order has shipped</h1><p>Thanks for shopping with us.</p><script>document.body.dataset.ran = "yes"</script>`,
    text: "Your order has shipped. Thanks for shopping with us.",
    headers: { "X-Switchboard-Conversation": "conv-42" },
    attachments: [{ filename: "order-1042.txt", content: Buffer.from(ATTACHMENT_TEXT).toString("base64") }],
  });
  expect(error).toBeNull();
  const attachments = await mailer.emails.attachments.list({ emailId: data!.id });
  expect(attachments.error).toBeNull();
  return { emailId: data!.id, attachmentId: attachments.data!.data[0]!.id };
}

test("the admin reads captured mail: headers, sandboxed HTML, text and attachments", async ({ page }) => {
  const subject = `Your order has shipped (${Date.now()})`;
  await sendTestEmail(subject);

  await signIn(page, ADMIN);
  await page.goto("/settings/mailbox");
  await expect(page.getByRole("heading", { name: "Mailbox", level: 1 })).toBeVisible();
  await page.getByRole("list", { name: "Captured email" }).getByRole("button").filter({ hasText: subject }).click();

  const email = page.getByRole("article", { name: `Email: ${subject}` });
  await expect(email.getByRole("heading", { name: subject })).toBeVisible();
  await expect(email.getByText("customer@example.com")).toBeVisible();
  await expect(email.getByText("conv-42")).toBeVisible();

  const frame = email.locator("iframe");
  await expect(frame).toHaveAttribute("sandbox", "");
  const preview = frame.contentFrame();
  await expect(preview.getByRole("heading", { name: "Your order has shipped" })).toBeVisible();
  // The mail's script must not have run inside the preview.
  await expect(preview.locator("body")).not.toHaveAttribute("data-ran", "yes");
  await page.screenshot({ path: "test-results/screens/mailbox.png", fullPage: true });

  await email.getByRole("tab", { name: "Text" }).click();
  await expect(email.getByText("Your order has shipped. Thanks for shopping with us.")).toBeVisible();

  const downloading = page.waitForEvent("download");
  await email.getByRole("link", { name: "Download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("order-1042.txt");
  expect(await readFile(await download.path(), "utf8")).toBe(ATTACHMENT_TEXT);
});

test("captured mail and its attachments are for admins only", async ({ page, playwright, baseURL }) => {
  const { emailId, attachmentId } = await sendTestEmail(`Admins only (${Date.now()})`);
  const attachmentPath = `/api/mailbox/${emailId}/attachments/${attachmentId}`;

  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(attachmentPath)).status()).toBe(401);
  await anonymous.dispose();

  await signIn(page, AGENT);
  expect((await page.request.get(attachmentPath)).status()).toBe(403);
  expect((await page.goto("/settings/mailbox"))?.status()).toBe(403);
  expect((await page.goto("/settings/workflows"))?.status()).toBe(403);
});

test("the admin sees the workflow runs page", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/workflows");
  await expect(page.getByRole("heading", { name: "Workflow runs", level: 1 })).toBeVisible();
  const firstRun = page.getByTestId("workflow-run").first();
  await expect(page.getByRole("heading", { name: "No workflow runs yet" }).or(firstRun)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/workflow-runs.png", fullPage: true });

  if (await firstRun.isVisible()) {
    await firstRun.getByRole("button").first().click();
    const sheet = page.getByRole("dialog");
    await expect(sheet.getByRole("heading", { name: "Steps" })).toBeVisible();
    await expect(sheet.getByRole("heading", { name: "Event data" })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/workflow-run-detail.png", fullPage: true });
  }
});
