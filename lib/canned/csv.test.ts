import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "./csv";

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe("parseCsv", () => {
  it("reads RFC 4180 quoting: separators, line breaks and doubled quotes inside quotes", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,,""\r\n';
    expect(fields(text)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\r\nlines"],
      ["plain", "", ""],
    ]);
  });

  it("numbers records by the line they start on, accepts LF and a missing final line break", () => {
    expect(parseCsv('\uFEFFh1,h2\n"multi\nline",2\nlast,3')).toEqual([
      { line: 1, fields: ["h1", "h2"] },
      { line: 2, fields: ["multi\nline", "2"] },
      { line: 4, fields: ["last", "3"] },
    ]);
  });

  it("uses semicolons when the header has them and no commas", () => {
    expect(fields("shortcut;title\nhi;Hello, world\n")).toEqual([
      ["shortcut", "title"],
      ["hi", "Hello, world"],
    ]);
  });

  it("names the line of malformed quoting", () => {
    expect(() => parseCsv('a,b\n"open,never closed\n')).toThrow(new CsvSyntaxError(2, "a quoted field is never closed; end it with a double quote (\")."));
    expect(() => parseCsv('a,b\n"closed"junk,b\n')).toThrow(/^Line 2: unexpected text after a closing quote/);
  });
});
