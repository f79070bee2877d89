import { expect, test } from "@playwright/test";
import { ADMIN, apiChannelId, postCustomerMessage, signIn } from "./helpers";

const SCREENS = "test-results/screens";

test.use({ viewport: { width: 1440, height: 900 } });

test("the assistant answers live in the inbox, hands off with its context, and its answers are rated and logged", async ({ page }) => {
  test.setTimeout(120_000);
  const runId = Date.now().toString(36);
  const contact = { identifier: `e2e-ai-${runId}`, name: `Robin Answers ${runId}` };

  await signIn(page, ADMIN);
  await page.goto("/inbox");
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const channelId = await apiChannelId(page);

  // A knowledge question: the offline assistant answers from the demo help center, live.
  await postCustomerMessage(page, channelId, contact, { id: `q1-${runId}`, text: "How long does standard shipping take?" });
  await page.getByTestId("conversation-row").filter({ hasText: contact.name }).click();
  const thread = page.getByTestId("thread");
  const answer = thread.locator('[data-sender="bot"]').first();
  await expect(answer).toContainText(/business days/);
  await expect(page.getByTestId("side-panel").getByTestId("assistant-state")).toHaveText("AI answering");

  // Sources and rating under the answer; the rating is saved.
  const details = answer.getByTestId("answer-details");
  await expect(details).toContainText("Sources:");
  await details.getByRole("button", { name: "Good answer" }).click();
  await expect(page.getByText("Marked as a good answer").first()).toBeVisible();
  await expect(details.getByRole("button", { name: "Good answer" })).toHaveAttribute("aria-pressed", "true");

  // Asking for a person hands off: a note to the customer, a system event, and the bot context for the agent.
  await postCustomerMessage(page, channelId, contact, { id: `q2-${runId}`, text: "My order AO-10231 is late. I want to talk to a real person." });
  await expect(thread.locator('[data-sender="bot"]').filter({ hasText: "person from our team" })).toBeVisible();
  await expect(thread.locator('[data-sender="system"]').filter({ hasText: "handed the conversation to the team" })).toBeVisible();
  await expect(page.getByTestId("side-panel").getByTestId("assistant-state")).toHaveText("Handed off");
  const context = page.getByTestId("bot-context");
  await expect(context).toContainText("Customer asked for a person");
  await expect(context).toContainText("AO-10231");
  await expect(context).toContainText('Customer asked "How long does standard shipping take?"');
  await context.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/assistant-handoff.png` });

  // The agent hands the conversation back to the assistant.
  await page.getByTestId("side-panel").getByTestId("assistant-toggle").click();
  await expect(page.getByText("The assistant answers this customer again").first()).toBeVisible();
  await expect(page.getByTestId("side-panel").getByTestId("assistant-state")).toHaveText("AI on");

  // The accuracy log has the rated answer and the hand-off.
  await page.goto("/settings/ai-answers");
  await expect(page.getByRole("heading", { name: "AI answers", level: 1 })).toBeVisible();
  await expect(page.getByTestId("ai-summary")).toContainText("Containment rate");
  const rows = page.getByTestId("ai-interaction");
  await expect(rows.filter({ hasText: "How long does standard shipping take?" }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/ai-answers-log.png`, fullPage: true });
  await page.getByRole("combobox", { name: "Outcome" }).click();
  await page.getByRole("option", { name: "Handed off" }).click();
  const handoff = rows.filter({ hasText: "I want to talk to a real person" });
  await expect(handoff).toHaveCount(1);
  await handoff.getByRole("button").first().click();
  await expect(page.getByRole("dialog")).toContainText("Customer asked for a person");
  await page.screenshot({ path: `${SCREENS}/ai-answers-detail.png` });
});
