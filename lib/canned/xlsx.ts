import { crc32, inflateRawSync } from "node:zlib";

/**
 * A reader for the first worksheet of an Office Open XML workbook (.xlsx): a ZIP
 * archive of XML parts. It reads cell values as text (shared strings, inline strings,
 * numbers and booleans as written); formulas give their cached value. Styles, dates
 * (stored as serial numbers), merged cells and ZIP64 archives are out of its scope.
 */

export class XlsxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XlsxFormatError";
  }
}

export interface SheetRow {
  /** The row number shown in the spreadsheet (1-based). */
  rowNumber: number;
  /** Cell texts by column: index 0 is column A. Missing cells are "". */
  cells: string[];
}

const LOCAL_FILE_HEADER = 0x04034b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Upper bound for one inflated part, so a small crafted file cannot exhaust memory. */
const MAX_PART_BYTES = 64 * 1024 * 1024;

export function isZipArchive(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

interface ZipEntry {
  method: number;
  crc: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** Lists the archive's entries from its central directory (the authoritative index). */
function readCentralDirectory(buffer: Buffer): Map<string, ZipEntry> {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  let end = -1;
  for (let offset = buffer.length - 22; offset >= Math.max(0, buffer.length - 22 - 0xffff); offset -= 1) {
    if (buffer.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new XlsxFormatError("The file is not a complete ZIP archive (no central directory); save it again as .xlsx.");
  const entryCount = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  if (entryCount === 0xffff || offset === 0xffffffff) throw new XlsxFormatError("ZIP64 workbooks are not supported; save a smaller .xlsx or use CSV.");

  const entries = new Map<string, ZipEntry>();
  for (let index = 0; index < entryCount; index += 1) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
      throw new XlsxFormatError("The workbook's ZIP directory is damaged; save it again as .xlsx.");
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const name = buffer.toString("utf8", offset + 46, offset + 46 + nameLength);
    entries.set(name, {
      method: buffer.readUInt16LE(offset + 10),
      crc: buffer.readUInt32LE(offset + 16),
      compressedSize: buffer.readUInt32LE(offset + 20),
      localHeaderOffset: buffer.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(buffer: Buffer, name: string, entry: ZipEntry): Buffer {
  const header = entry.localHeaderOffset;
  if (header + 30 > buffer.length || buffer.readUInt32LE(header) !== LOCAL_FILE_HEADER) {
    throw new XlsxFormatError(`The workbook part ${name} is damaged; save the file again as .xlsx.`);
  }
  const dataStart = header + 30 + buffer.readUInt16LE(header + 26) + buffer.readUInt16LE(header + 28);
  const compressed = buffer.subarray(dataStart, dataStart + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = compressed;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(compressed, { maxOutputLength: MAX_PART_BYTES });
    } catch (error) {
      throw new XlsxFormatError(`The workbook part ${name} cannot be decompressed (${(error as Error).message}).`);
    }
  } else throw new XlsxFormatError(`The workbook part ${name} uses ZIP compression method ${entry.method}; only stored and deflated parts are supported.`);
  if (crc32(data) !== entry.crc) throw new XlsxFormatError(`The workbook part ${name} fails its checksum; the file is damaged.`);
  return data;
}

const XML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes XML character references, then OOXML's `_xHHHH_` escapes for characters XML cannot hold. */
function decodeXmlText(text: string): string {
  return text
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (match, ref: string) => {
      if (ref.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
      return XML_ENTITIES[ref] ?? match;
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? decodeXmlText(match[1] ?? match[2] ?? "") : undefined;
}

/** Element names may carry a namespace prefix (`x:c`) depending on the writer. */
const P = "(?:[A-Za-z_][\\w.-]*:)?";

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs, without phonetic guides (`<rPh>`). */
function stringItemText(xml: string): string {
  const withoutPhonetic = xml.replace(new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, "g"), "");
  let text = "";
  for (const match of withoutPhonetic.matchAll(new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, "g"))) text += decodeXmlText(match[1]!);
  return text;
}

function readSharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const items: string[] = [];
  for (const match of xml.matchAll(new RegExp(`<${P}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}si>)`, "g"))) items.push(stringItemText(match[1] ?? ""));
  return items;
}

/** The path of the workbook's first sheet, following workbook.xml and its relationships. */
function firstSheetPath(workbookXml: string, relationshipsXml: string | undefined): string {
  const sheet = new RegExp(`<${P}sheet\\b[^>]*>`).exec(workbookXml);
  if (!sheet) throw new XlsxFormatError("The workbook has no worksheet.");
  const relationshipId = attribute(sheet[0], "r:id") ?? attribute(sheet[0], "[\\w]+:id");
  const relationship = [...(relationshipsXml ?? "").matchAll(new RegExp(`<${P}Relationship\\b[^>]*>`, "g"))].find(
    (match) => attribute(match[0], "Id") === relationshipId,
  );
  const target = relationship ? attribute(relationship[0], "Target") : undefined;
  if (!target) throw new XlsxFormatError("The workbook does not say where its first worksheet is (xl/_rels/workbook.xml.rels).");
  return target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
}

/** Column index from a cell reference: "A1" → 0, "AB7" → 27. */
function columnIndex(reference: string): number | undefined {
  const letters = /^([A-Z]+)\d*$/i.exec(reference)?.[1];
  if (!letters) return undefined;
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

function cellText(cellXml: string, type: string | undefined, sharedStrings: string[]): string {
  if (type === "inlineStr") {
    const inline = new RegExp(`<${P}is\\b[^>]*>([\\s\\S]*?)</${P}is>`).exec(cellXml);
    return inline ? stringItemText(inline[1]!) : "";
  }
  const value = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`).exec(cellXml);
  const raw = value ? decodeXmlText(value[1]!) : "";
  if (type === "s") {
    const shared = sharedStrings[Number.parseInt(raw, 10)];
    if (shared === undefined) throw new XlsxFormatError(`A cell refers to shared string ${raw}, which the workbook does not have.`);
    return shared;
  }
  if (type === "b") return raw === "1" ? "TRUE" : "FALSE";
  return raw;
}

function readRows(sheetXml: string, sharedStrings: string[]): SheetRow[] {
  const rows: SheetRow[] = [];
  let previousRow = 0;
  const rowPattern = new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, "g");
  const cellPattern = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, "g");
  for (const row of sheetXml.matchAll(rowPattern)) {
    const rowNumber = Number.parseInt(attribute(row[1]!, "r") ?? "", 10) || previousRow + 1;
    previousRow = rowNumber;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cell of (row[2] ?? "").matchAll(cellPattern)) {
      const reference = attribute(cell[1]!, "r");
      const column = (reference ? columnIndex(reference) : undefined) ?? nextColumn;
      nextColumn = column + 1;
      while (cells.length < column) cells.push("");
      cells[column] = cellText(cell[2] ?? "", attribute(cell[1]!, "t"), sharedStrings);
    }
    rows.push({ rowNumber, cells });
  }
  return rows;
}

/** Reads the rows of the first worksheet of an .xlsx file. Throws XlsxFormatError on a file it cannot read. */
export function readFirstSheet(bytes: Uint8Array): SheetRow[] {
  if (!isZipArchive(bytes)) throw new XlsxFormatError("The file is not an .xlsx workbook (it is not a ZIP archive).");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(buffer);
  const part = (name: string): string | undefined => {
    const entry = entries.get(name);
    return entry ? readEntry(buffer, name, entry).toString("utf8") : undefined;
  };
  const workbook = part("xl/workbook.xml");
  if (!workbook) throw new XlsxFormatError("The ZIP archive has no xl/workbook.xml: it is not an Excel workbook.");
  const sheetPath = firstSheetPath(workbook, part("xl/_rels/workbook.xml.rels"));
  const sheet = part(sheetPath);
  if (!sheet) throw new XlsxFormatError(`The workbook's first worksheet (${sheetPath}) is missing from the archive.`);
  return readRows(sheet, readSharedStrings(part("xl/sharedStrings.xml")));
}
