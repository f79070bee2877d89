import { describe, expect, it } from "vitest";
import { detectToolRequest } from "./intents";

const ALL_TOOLS = new Set(["lookupTicket", "listMyTickets", "accountInfo", "recentOrders", "createTicket", "handoffToHuman"]);
const intentOf = (message: string, offered: ReadonlySet<string> = ALL_TOOLS) => detectToolRequest(message, offered);

describe("detectToolRequest for orders", () => {
  it("looks up the customer's orders for a question about their own order's status", () => {
    for (const message of [
      "Where is my order?",
      "where's my package",
      "Has my order shipped yet?",
      "Did my parcel arrive?",
      "What's the status of my order?",
      "Order #10233 status?",
      "Any update on order AO-20931?",
      "Can you show me my orders?",
      "What did I order last time?",
    ]) {
      expect(intentOf(message), message).toMatchObject({ request: { toolName: "recentOrders" }, certain: true });
    }
  });

  it("leaves how-to and policy questions that mention an order to the help center", () => {
    for (const message of [
      "Where can I track my order?",
      "How do I track my order?",
      "I checked out as a guest. Where can I follow my order?",
      "I live in Honolulu. Can I get express delivery on my order?",
      "I'm in the UK. Will I have to pay import duties when my parcel arrives?",
      "Part of my order arrived but one item is missing, why did it come in two boxes?",
      "UPS says my package was delivered this afternoon but it's not at my door. What should I do?",
      "Can I return my order if it doesn't fit?",
    ]) {
      expect(intentOf(message), message).toBeNull();
    }
  });

  it("marks trouble with an order as an uncertain intent a good article may answer instead", () => {
    for (const message of ["My order still hasn't arrived.", "I'm still waiting for my package.", "When will my order arrive?", "My parcel seems to be stuck"]) {
      expect(intentOf(message), message).toMatchObject({ request: { toolName: "recentOrders" }, certain: false });
    }
  });

  it("asks for the latest order only when the customer says so", () => {
    expect(intentOf("Where is my latest order?")).toMatchObject({ request: { input: { limit: 1 } } });
    expect(intentOf("Where is my order?")).toMatchObject({ request: { input: { limit: 3 } } });
  });

  it("calls only tools that are offered", () => {
    expect(intentOf("Where is my order?", new Set(["handoffToHuman"]))).toBeNull();
  });
});

describe("detectToolRequest for tickets and the account", () => {
  it("keeps ticket and account lookups certain", () => {
    expect(intentOf("What's the status of ticket #1234?")).toEqual({ request: { toolName: "lookupTicket", input: { number: 1234 } }, certain: true });
    expect(intentOf("Can you show me my tickets?")).toMatchObject({ request: { toolName: "listMyTickets" }, certain: true });
    expect(intentOf("Which email do you have on file for me?")).toMatchObject({ request: { toolName: "accountInfo" }, certain: true });
  });
});
