import { describe, expect, it } from "vitest";
import { ExpressionError, compileExpression } from "./expression";

const vars = {
  event: { name: "ticket/created", data: { id: "T-1", priority: 3, tags: ["vip"], customer: { plan: "pro" } } },
  async: { name: "ticket/replied", data: { ticketId: "T-1", priority: 5, note: "it's done" } },
};

const matches = (source: string) => compileExpression(source).matches(vars);

describe("compileExpression", () => {
  it("evaluates the match expressions the SDK emits", () => {
    expect(matches("event.data.id == async.data.ticketId")).toBe(true);
    expect(matches("event.data.id == async.data.priority")).toBe(false);
  });

  it("supports literals, comparisons and boolean operators", () => {
    expect(matches("event.data.priority < async.data.priority && event.data.customer.plan == 'pro'")).toBe(true);
    expect(matches(`async.data.note == "it's done" || false`)).toBe(true);
    expect(matches("!(event.data.priority >= 4) && event.data.priority != 2.5")).toBe(true);
    expect(matches("event.data.tags[0] == 'vip' && event.data['customer'].plan == \"pro\"")).toBe(true);
    expect(matches("event.data.priority > -1 && null == null && true")).toBe(true);
    expect(matches("'it\\'s' == 'it\\'s'")).toBe(true);
  });

  it("treats comparisons with missing fields as false", () => {
    expect(matches("event.data.missing == async.data.missing")).toBe(false);
    expect(matches("event.data.missing != 'x'")).toBe(false);
    expect(matches("event.data.id.deeper == 'x'")).toBe(false);
    expect(matches("event.data.priority < 'text'")).toBe(false);
  });

  it("evaluates to values for concurrency keys", () => {
    expect(compileExpression("event.data.customer", ["event"]).evaluate(vars)).toEqual({ plan: "pro" });
  });

  it("rejects syntax errors and unknown names with the position", () => {
    expect(() => compileExpression("event.data.id ==")).toThrow(ExpressionError);
    expect(() => compileExpression("event.data.id = 'x'")).toThrow(/unexpected character "=" at 14/);
    expect(() => compileExpression("'unterminated")).toThrow(/unterminated string/);
    expect(() => compileExpression("user.id == 1")).toThrow(/unknown name "user"/);
    expect(() => compileExpression("async.data.id == 1", ["event"])).toThrow(/unknown name "async"/);
    expect(() => compileExpression("event.data.id == 1 1")).toThrow(/trailing input/);
  });
});
