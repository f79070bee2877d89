/** One CSV record and the 1-based line of the file it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

/**
 * The field separator of a CSV file: a comma (RFC 4180), or a semicolon when the
 * header line has semicolons and no commas, as spreadsheet programs write it in
 * locales that use the comma as decimal mark.
 */
export function detectCsvDelimiter(text: string): "," | ";" {
  const headerLine = text.slice(0, text.search(/\r?\n|$/));
  return !headerLine.includes(",") && headerLine.includes(";") ? ";" : ",";
}

/**
 * Parses CSV as RFC 4180 describes it: fields in double quotes may hold separators,
 * line breaks and doubled quotes (""). Records end with CRLF or LF. A leading UTF-8
 * byte order mark is ignored. Throws CsvSyntaxError naming the line of a quote that
 * is never closed or text that follows a closing quote.
 */
export function parseCsv(input: string, delimiter: "," | ";" = detectCsvDelimiter(input)): CsvRecord[] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let index = 0;

  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };

  while (index < text.length) {
    const char = text[index]!;
    if (char === '"' && field === "") {
      const quoteLine = line;
      index += 1;
      for (;;) {
        if (index >= text.length) throw new CsvSyntaxError(quoteLine, "a quoted field is never closed; end it with a double quote (\").");
        const quoted = text[index]!;
        if (quoted === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        if (quoted === "\n") line += 1;
        field += quoted;
        index += 1;
      }
      const next = text[index];
      if (next !== undefined && next !== delimiter && next !== "\r" && next !== "\n") {
        throw new CsvSyntaxError(line, `unexpected text after a closing quote; put the whole field in quotes and double any quote inside it ("").`);
      }
      // An empty quoted field must still count as a field: mark it so the next char is handled as a separator.
      if (next === delimiter) {
        fields.push(field);
        field = "";
        index += 1;
        continue;
      }
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = "";
      index += 1;
      continue;
    }
    if (char === "\r" || char === "\n") {
      endRecord();
      index += char === "\r" && text[index + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += char;
    index += 1;
  }
  // A final line without a line break is still a record; a trailing line break is not an empty record.
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
