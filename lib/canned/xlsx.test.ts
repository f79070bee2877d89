import { describe, expect, it } from "vitest";
import { buildXlsx, buildZip } from "./xlsx-fixture";
import { XlsxFormatError, isZipArchive, readFirstSheet } from "./xlsx";

describe("readFirstSheet", () => {
  it("reads shared strings, inline strings, numbers and gaps of the first sheet", () => {
    const file = buildXlsx(
      [
        ["shortcut", "title", "content"],
        ["greet", { inline: "Hello & <welcome>" }, "Hi \"there\"\nsecond line"],
        ["price", null, 42.5],
      ],
      [[["other sheet"]]],
    );
    expect(isZipArchive(file)).toBe(true);
    expect(readFirstSheet(file)).toEqual([
      { rowNumber: 1, cells: ["shortcut", "title", "content"] },
      { rowNumber: 2, cells: ["greet", "Hello & <welcome>", "Hi \"there\"\nsecond line"] },
      { rowNumber: 3, cells: ["price", "", "42.5"] },
    ]);
  });

  it("joins rich-text runs, skips phonetic guides and decodes character references", () => {
    const sheet =
      '<worksheet><sheetData><row r="4"><c r="B4" t="s"><v>0</v></c><c r="D4" t="b"><v>1</v></c></row></sheetData></worksheet>';
    const file = buildZip({
      "xl/workbook.xml": '<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
      "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Id="rId1" Target="/xl/worksheets/s.xml"/></Relationships>',
      "xl/worksheets/s.xml": sheet,
      "xl/sharedStrings.xml": '<sst><si><r><t>Caf</t></r><r><rPr/><t>&#xE9; &amp; more_x000D_</t></r><rPh><t>ignored</t></rPh></si></sst>',
    });
    expect(readFirstSheet(file)).toEqual([{ rowNumber: 4, cells: ["", "Café & more\r", "", "TRUE"] }]);
  });

  it("refuses damaged and foreign files with a clear error", () => {
    expect(() => readFirstSheet(Buffer.from("shortcut,title\n"))).toThrow(/not a ZIP archive/);
    const good = buildXlsx([["a"]]);
    expect(() => readFirstSheet(good.subarray(0, good.length - 30))).toThrow(XlsxFormatError);
    expect(() => readFirstSheet(buildZip({ "word/document.xml": "<w/>" }))).toThrow(/no xl\/workbook.xml/);

    const workbookFirst = buildZip({ "xl/workbook.xml": '<workbook><sheets><sheet name="A" r:id="rId1"/></sheets></workbook>' });
    expect(() => readFirstSheet(workbookFirst)).toThrow(/does not say where its first worksheet is/);
    // Flip a byte inside the workbook's compressed data: inflating or the CRC check must catch it.
    workbookFirst[30 + "xl/workbook.xml".length + 3]! ^= 0x01;
    expect(() => readFirstSheet(workbookFirst)).toThrow(XlsxFormatError);
  });

  it("bounds what one part may inflate to", () => {
    const bomb = buildZip({ "xl/workbook.xml": Buffer.alloc(80 * 1024 * 1024, 0x20) });
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => readFirstSheet(bomb)).toThrow(/cannot be decompressed/);
  });
});
